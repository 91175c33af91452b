# Every bluetooth.BLE method called wrongly: before active(True), with wrong types, out-of-range values
# and unknown connection and value handles while active (no peer), and again after active(False).
# One line per call: its label, "|", then "ok" (with the value where it is behaviour, not identity) or the
# exception's type and, for OSError, its errno. Run on the Zephyr and the NimBLE unix builds; the test
# compares the two outputs line by line.
import bluetooth
import errno
import time

ble = bluetooth.BLE()
_NAMES = {getattr(errno, n): n for n in dir(errno) if n[0] == "E"}

S_UUID = bluetooth.UUID("A5A5A5A5-FFFF-9999-1111-5A5A5A5A5A5A")
C_UUID = bluetooth.UUID(0x2A6E)
D_UUID = bluetooth.UUID(0x2901)
RWN = bluetooth.FLAG_READ | bluetooth.FLAG_WRITE | bluetooth.FLAG_NOTIFY | bluetooth.FLAG_INDICATE
SERVICES = ((S_UUID, ((C_UUID, RWN, ((D_UUID, bluetooth.FLAG_READ),)),)),)
NO_CONN = 1234
NO_HANDLE = 999
ADDR = b"\x11\x22\x33\x44\x55\x66"


def call(label, f, *args, show=False, **kw):
    try:
        r = f(*args, **kw)
        print(label, "|", "ok", repr(r) if show else "")
    except OSError as e:
        n = e.errno if isinstance(e.errno, int) else e.args[0]
        print(label, "|", "OSError", _NAMES.get(n, n))
    except Exception as e:
        print(label, "|", type(e).__name__)


def settle():
    # A cancelled connection or scan ends when the controller says so: until then NimBLE refuses
    # other procedures (EBUSY), and the next call would test that race instead.
    time.sleep_ms(300)


def method(name):
    # Absent methods (a build without L2CAP channels) say so on one line.
    return getattr(ble, name, None)


def every_method(phase, value_handle):
    p = phase + " "
    call(p + "active()", ble.active, show=True)
    call(p + "config(gap_name)", ble.config, "gap_name")
    call(p + "config(mac)", lambda: ble.config("mac")[0], show=True)
    call(p + "config(mtu)", ble.config, "mtu")
    call(p + "config(gap_name=)", ble.config, gap_name="misuse")
    call(p + "config(mtu=100)", ble.config, mtu=100)
    call(p + "config(addr_mode=0)", ble.config, addr_mode=0)
    call(p + "gap_advertise(100ms)", ble.gap_advertise, 100_000)
    call(p + "gap_advertise(None)", ble.gap_advertise, None)
    call(p + "gap_scan(10ms)", ble.gap_scan, 10)
    call(p + "gap_scan(None)", ble.gap_scan, None)
    settle()
    call(p + "gap_connect(addr)", ble.gap_connect, 0, ADDR)
    call(p + "gap_connect(None)", ble.gap_connect, None)
    settle()
    call(p + "gap_disconnect", ble.gap_disconnect, NO_CONN)
    call(p + "gatts_register_services", lambda: len(ble.gatts_register_services(SERVICES)[0]), show=True)
    if ble.active():
        # The handles just registered (NimBLE gives new ones each time).
        value_handle = ble.gatts_register_services(SERVICES)[0][0]
    call(p + "gatts_read", ble.gatts_read, value_handle)
    call(p + "gatts_write", ble.gatts_write, value_handle, b"x")
    call(p + "gatts_write(send_update)", ble.gatts_write, value_handle, b"x", True)
    call(p + "gatts_notify", ble.gatts_notify, NO_CONN, value_handle)
    call(p + "gatts_notify(data)", ble.gatts_notify, NO_CONN, value_handle, b"x")
    call(p + "gatts_indicate", ble.gatts_indicate, NO_CONN, value_handle)
    call(p + "gatts_set_buffer", ble.gatts_set_buffer, value_handle, 40)
    call(p + "gattc_discover_services", ble.gattc_discover_services, NO_CONN)
    call(p + "gattc_discover_characteristics", ble.gattc_discover_characteristics, NO_CONN, 1, 0xFFFF)
    call(p + "gattc_discover_descriptors", ble.gattc_discover_descriptors, NO_CONN, 1, 0xFFFF)
    call(p + "gattc_read", ble.gattc_read, NO_CONN, value_handle)
    call(p + "gattc_write", ble.gattc_write, NO_CONN, value_handle, b"x")
    call(p + "gattc_write(response)", ble.gattc_write, NO_CONN, value_handle, b"x", 1)
    call(p + "gattc_exchange_mtu", ble.gattc_exchange_mtu, NO_CONN)
    for key, value in (("bond", True), ("mitm", True), ("le_secure", True), ("io", 4), ("io", 9), ("bond", False), ("io", 3)):
        # Pairing settings, where the build has pairing.
        if method("gap_pair") is None:
            print(p + "config({}={})".format(key, value), "|", "absent")
        else:
            call(p + "config({}={})".format(key, value), ble.config, **{key: value})
    for name, args in (
        ("gap_pair", (NO_CONN,)),
        ("gap_passkey", (NO_CONN, 0, 0)),
        ("gap_passkey", (NO_CONN, 2, 123456)),
        ("gap_passkey", (NO_CONN, 3, 123456)),
        ("gap_passkey", (NO_CONN, 4, 1)),
        ("gap_passkey", (NO_CONN, 9, 0)),
        ("l2cap_connect", (NO_CONN, 0x80, 100)),
        ("l2cap_disconnect", (NO_CONN, 0x40)),
        ("l2cap_send", (NO_CONN, 0x40, b"x")),
        ("l2cap_recvinto", (NO_CONN, 0x40, bytearray(4))),
        ("hci_cmd", (0x04, 0x01, b"", bytearray(8))),
    ):
        f = method(name)
        label = p + name + ("" if name != "gap_passkey" else "({})".format(args[1]))
        if f is None:
            print(label, "|", "absent")
        elif name.startswith("l2cap") and not ble.active():
            # NimBLE's binding uses its state unchecked while inactive and crashes.
            print(label, "|", "not called")
        else:
            call(label, f, *args)


def wrong_while_active():
    p = "wrong "
    # Wrong types.
    call(p + "config()", ble.config)
    call(p + "config(unknown)", ble.config, "unknown")
    call(p + "config(unknown=)", ble.config, unknown=1)
    call(p + "config(gap_name=int)", ble.config, gap_name=5)
    call(p + "config(mtu=str)", ble.config, mtu="x")
    call(p + "irq(int)", ble.irq, 5)
    call(p + "gap_advertise(str)", ble.gap_advertise, "x")
    call(p + "gap_advertise(adv_data=int)", ble.gap_advertise, 100_000, 5)
    call(p + "gap_scan(str)", ble.gap_scan, "x")
    call(p + "gap_connect(str, addr)", ble.gap_connect, "x", ADDR)
    call(p + "gap_connect(short addr)", ble.gap_connect, 0, b"\x00" * 5)
    call(p + "gap_connect(int)", ble.gap_connect, 0)
    call(p + "gatts_register_services(int)", ble.gatts_register_services, 5)
    call(p + "gatts_register_services(bad uuid)", ble.gatts_register_services, ((5, ()),))
    call(p + "gatts_register_services(bad chr)", ble.gatts_register_services, ((S_UUID, ((C_UUID,),)),))
    call(p + "gatts_register_services(bad flags)", ble.gatts_register_services, ((S_UUID, ((C_UUID, "x"),)),))
    call(p + "gatts_register_services(after a failed one)", lambda: len(ble.gatts_register_services(SERVICES)), show=True)
    h = ble.gatts_register_services(SERVICES)[0][0]
    call(p + "gatts_read(str)", ble.gatts_read, "x")
    call(p + "gatts_write(int value)", ble.gatts_write, h, 5)
    call(p + "gattc_write(int value)", ble.gattc_write, NO_CONN, h, 5)
    # Out-of-range values.
    call(p + "config(mtu=10)", ble.config, mtu=10)
    call(p + "config(mtu=600)", ble.config, mtu=600)
    call(p + "config(mtu=70000)", ble.config, mtu=70000)
    call(p + "config(gap_name=300)", ble.config, gap_name="x" * 300)
    call(p + "config(addr_mode=9)", ble.config, addr_mode=9)
    call(p + "gap_advertise(40 bytes)", ble.gap_advertise, 100_000, b"\x02\x01\x06" + b"\x00" * 37)
    call(p + "gap_advertise(resp 40 bytes)", ble.gap_advertise, 100_000, resp_data=b"\x00" * 40)
    call(p + "gap_advertise(bad ad)", ble.gap_advertise, 100_000, b"\x09\x09ab")
    call(p + "gap_advertise(None)", ble.gap_advertise, None)
    call(p + "gap_connect(type 9)", ble.gap_connect, 9, ADDR)
    settle()
    call(p + "gap_connect(None) idle", ble.gap_connect, None)
    call(p + "gap_scan(None) idle", ble.gap_scan, None)
    call(p + "gatts_write(big)", ble.gatts_write, h, b"x" * 600)
    call(p + "gatts_read(big)", lambda: len(ble.gatts_read(h)), show=True)
    call(p + "gatts_set_buffer(0)", ble.gatts_set_buffer, h, 0)
    call(p + "gattc_write(mode 7)", ble.gattc_write, NO_CONN, h, b"x", 7)
    # Unknown value handles.
    call(p + "gatts_read(unknown)", ble.gatts_read, NO_HANDLE)
    call(p + "gatts_write(unknown)", ble.gatts_write, NO_HANDLE, b"x")
    call(p + "gatts_write(unknown, send_update)", ble.gatts_write, NO_HANDLE, b"x", True)
    call(p + "gatts_set_buffer(unknown)", ble.gatts_set_buffer, NO_HANDLE, 10)
    call(p + "gatts_notify(unknown)", ble.gatts_notify, NO_CONN, NO_HANDLE)
    # Twice in a row.
    call(p + "gap_connect(addr)", ble.gap_connect, 0, ADDR, 2000)
    call(p + "gap_connect(addr) again", ble.gap_connect, 0, ADDR, 2000)
    call(p + "gap_connect(None)", ble.gap_connect, None)
    settle()
    call(p + "gap_scan(10s)", ble.gap_scan, 10_000)
    call(p + "gap_scan(10s) again", ble.gap_scan, 10_000)
    call(p + "gap_scan(None)", ble.gap_scan, None)
    settle()
    return h


every_method("inactive", 1)
ble.active(True)
h = wrong_while_active()
every_method("active", h)
ble.active(False)
every_method("after", h)
ble.active(True)
every_method("again", 1)
ble.active(False)
print("done")
