"""Small BPMN 2.0 documents for tests."""

VALID_FLOW = """<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
    id="Definitions_1" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:collaboration id="Collab_1">
    <bpmn:participant id="Participant_1" name="Một cửa" processRef="ho_so_don_gian" />
  </bpmn:collaboration>
  <bpmn:process id="ho_so_don_gian" name="Hồ sơ đơn giản" isExecutable="true">
    <bpmn:laneSet id="LaneSet_1">
      <bpmn:lane id="Lane_receive" name="receiving_officer">
        <bpmn:flowNodeRef>start</bpmn:flowNodeRef>
        <bpmn:flowNodeRef>tiep_nhan</bpmn:flowNodeRef>
        <bpmn:flowNodeRef>end</bpmn:flowNodeRef>
      </bpmn:lane>
      <bpmn:lane id="Lane_process" name="processing_officer">
        <bpmn:flowNodeRef>tham_dinh</bpmn:flowNodeRef>
      </bpmn:lane>
      <bpmn:lane id="Lane_leader" name="unit_leader">
        <bpmn:flowNodeRef>phe_duyet</bpmn:flowNodeRef>
      </bpmn:lane>
    </bpmn:laneSet>
    <bpmn:startEvent id="start" />
    <bpmn:userTask id="tiep_nhan" name="Tiếp nhận hồ sơ" />
    <bpmn:userTask id="tham_dinh" name="Thẩm định" />
    <bpmn:userTask id="phe_duyet" name="Phê duyệt" />
    <bpmn:endEvent id="end" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="tiep_nhan" />
    <bpmn:sequenceFlow id="f2" sourceRef="tiep_nhan" targetRef="tham_dinh" />
    <bpmn:sequenceFlow id="f3" sourceRef="tham_dinh" targetRef="phe_duyet" />
    <bpmn:sequenceFlow id="f4" sourceRef="phe_duyet" targetRef="end" />
  </bpmn:process>
</bpmn:definitions>
"""

NO_LANE_FLOW = VALID_FLOW.replace('name="unit_leader"', 'name="nobody"')

BROKEN_XML = "<bpmn:definitions"

ENTITY_BOMB = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d">&lol2;</bpmn:definitions>
"""
