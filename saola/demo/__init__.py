"""The demo province (Sơn La): data and the loader behind `saola demo` and `saola run`."""
