"""Default texts of the notifications, seeded into NotificationTemplate (then edited in admin).

Plain data, no imports from the app: the data migration that seeds the templates reads it.
Subjects and bodies are Django template strings, rendered without HTML escaping (plain-text
e-mail and SMS). SMS texts keep their diacritics here; `SAOLA_SMS_UNACCENTED` strips them at
sending time when the provider needs it.
"""

from __future__ import annotations

# Variables every dossier notification receives.
DOSSIER_VARIABLES = (
    "code",
    "applicant_name",
    "procedure",
    "organization",
    "received_at",
    "due_at",
    "lookup_url",
    "portal_owner",
)

VARIABLES: dict[str, tuple[str, ...]] = {
    "dossier.received": DOSSIER_VARIABLES,
    "dossier.supplement_requested": (*DOSSIER_VARIABLES, "reason"),
    "dossier.result_ready": DOSSIER_VARIABLES,
    "dossier.apology": (*DOSSIER_VARIABLES, "reason", "previous_due_at", "new_due_at"),
    "dossier.payment_required": (*DOSSIER_VARIABLES, "reason", "detail_url"),
    "account.password_reset": ("name", "reset_url", "valid_hours", "portal_owner"),
}

_FOOTER = "\n\n--\nThư này được gửi tự động từ Cổng dịch vụ công {{ portal_owner }}; vui lòng không trả lời thư này."

# (key, channel, language, subject, body)
DEFAULT_TEMPLATES: tuple[tuple[str, str, str, str, str], ...] = (
    (
        "account.password_reset",
        "email",
        "vi",
        "Đặt lại mật khẩu tài khoản Cổng dịch vụ công {{ portal_owner }}",
        "Kính gửi ông/bà {{ name }},\n\n"
        "Có yêu cầu đặt lại mật khẩu cho tài khoản của ông/bà. Để đặt mật khẩu mới, mở liên kết sau "
        "(có hiệu lực trong {{ valid_hours }} giờ, dùng được một lần):\n\n"
        "{{ reset_url }}\n\n"
        "Nếu ông/bà không yêu cầu, hãy bỏ qua thư này: mật khẩu hiện tại vẫn giữ nguyên." + _FOOTER,
    ),
    (
        "account.password_reset",
        "sms",
        "vi",
        "",
        (
            "Đặt lại mật khẩu Cổng DVC {{ portal_owner }}: {{ reset_url }} (hiệu lực {{ valid_hours }} giờ). "
            "Bỏ qua nếu bạn không yêu cầu."
        ),
    ),
    (
        "dossier.received",
        "email",
        "vi",
        "Hồ sơ {{ code }} đã được tiếp nhận",
        "Kính gửi ông/bà {{ applicant_name }},\n\n"
        "{{ organization }} đã tiếp nhận hồ sơ của ông/bà.\n\n"
        "Mã hồ sơ: {{ code }}\n"
        "Thủ tục: {{ procedure }}\n"
        "Thời điểm tiếp nhận: {{ received_at }}\n"
        "Ngày hẹn trả kết quả: {{ due_at }}\n\n"
        "Ông/bà có thể tra cứu tình trạng giải quyết hồ sơ tại: {{ lookup_url }}" + _FOOTER,
    ),
    (
        "dossier.received",
        "sms",
        "vi",
        "",
        "{{ organization }} đã tiếp nhận hồ sơ {{ code }}, hẹn trả kết quả {{ due_at }}. Tra cứu: {{ lookup_url }}",
    ),
    (
        "dossier.supplement_requested",
        "email",
        "vi",
        "Hồ sơ {{ code }} cần bổ sung, hoàn thiện",
        "Kính gửi ông/bà {{ applicant_name }},\n\n"
        "{{ organization }} đề nghị ông/bà bổ sung, hoàn thiện hồ sơ {{ code }} ({{ procedure }}).\n\n"
        "Nội dung cần bổ sung: {{ reason }}\n\n"
        "Thời gian giải quyết hồ sơ tạm dừng cho đến khi ông/bà nộp đủ giấy tờ bổ sung. "
        "Ông/bà có thể nộp bổ sung trực tuyến hoặc tại Bộ phận Một cửa.\n\n"
        "Tra cứu hồ sơ: {{ lookup_url }}" + _FOOTER,
    ),
    (
        "dossier.supplement_requested",
        "sms",
        "vi",
        "",
        "Hồ sơ {{ code }} cần bổ sung: {{ reason|truncatechars:80 }}. Chi tiết: {{ lookup_url }}",
    ),
    (
        "dossier.result_ready",
        "email",
        "vi",
        "Hồ sơ {{ code }} đã có kết quả giải quyết",
        "Kính gửi ông/bà {{ applicant_name }},\n\n"
        "Hồ sơ {{ code }} ({{ procedure }}) đã có kết quả giải quyết.\n\n"
        "Ông/bà vui lòng nhận kết quả theo hình thức đã đăng ký: tại Bộ phận Một cửa của {{ organization }} "
        "(mang theo giấy tiếp nhận hồ sơ và hẹn trả kết quả), qua bưu chính hoặc trên Cổng dịch vụ công.\n\n"
        "Tra cứu hồ sơ: {{ lookup_url }}" + _FOOTER,
    ),
    (
        "dossier.result_ready",
        "sms",
        "vi",
        "",
        "Hồ sơ {{ code }} đã có kết quả. Mời ông/bà nhận kết quả theo hình thức đã đăng ký. Tra cứu: {{ lookup_url }}",
    ),
    (
        "dossier.apology",
        "email",
        "vi",
        "Xin lỗi vì chậm trả kết quả hồ sơ {{ code }}",
        "Kính gửi ông/bà {{ applicant_name }},\n\n"
        "{{ organization }} chưa trả kết quả giải quyết hồ sơ {{ code }} ({{ procedure }}) đúng hẹn "
        "ngày {{ previous_due_at }}.\n\n"
        "Lý do: {{ reason }}\n\n"
        "{{ organization }} chân thành xin lỗi ông/bà vì sự chậm trễ này và hẹn trả kết quả vào "
        "{{ new_due_at }}.\n\n"
        "Tra cứu hồ sơ: {{ lookup_url }}" + _FOOTER,
    ),
    (
        "dossier.apology",
        "sms",
        "vi",
        "",
        (
            "{{ organization }} xin lỗi vì chậm trả kết quả hồ sơ {{ code }}; hẹn trả lại vào {{ new_due_at }}. "
            "Tra cứu: {{ lookup_url }}"
        ),
    ),
    (
        "dossier.payment_required",
        "email",
        "vi",
        "Hồ sơ {{ code }}: đề nghị nộp phí, lệ phí",
        "Kính gửi ông/bà {{ applicant_name }},\n\n"
        "{{ organization }} đề nghị ông/bà thực hiện nghĩa vụ tài chính để tiếp tục giải quyết hồ sơ "
        "{{ code }} ({{ procedure }}).\n\n"
        "{{ reason }}\n\n"
        "Ông/bà có thể thanh toán trực tuyến tại trang hồ sơ trên Cổng dịch vụ công: {{ detail_url }} "
        "hoặc nộp tại Bộ phận Một cửa. Thời gian chờ thực hiện nghĩa vụ tài chính không tính vào thời hạn "
        "giải quyết hồ sơ.\n\n"
        "Tra cứu hồ sơ: {{ lookup_url }}" + _FOOTER,
    ),
    (
        "dossier.payment_required",
        "sms",
        "vi",
        "",
        "Hồ sơ {{ code }}: {{ reason|truncatechars:90 }}. Thanh toán: {{ detail_url }}",
    ),
)
