# ble.hci_cmd: a command the controller answers (Read Local Version Information), one it does not
# know (Unknown HCI Command) and one it refuses in this state (LE Create Connection Cancel with no
# connection being made: Command Disallowed). Each instance asks its own controller.

import bluetooth, struct

if not hasattr(bluetooth.BLE, "hci_cmd"):
    print("SKIP")
    raise SystemExit

_OGF_INFO = const(0x04)
_OCF_READ_LOCAL_VERSION = const(0x0001)
_OGF_LE = const(0x08)
_OCF_LE_CREATE_CONN_CANCEL = const(0x000E)
_OGF_VENDOR = const(0x3F)


def ask():
    resp = bytearray(8)
    status = ble.hci_cmd(_OGF_INFO, _OCF_READ_LOCAL_VERSION, b"", resp)
    hci_version, hci_revision, lmp_version, manufacturer, lmp_subversion = struct.unpack("<BHBHH", resp)
    print("read version", status, hci_version >= 6, hci_version == lmp_version, hci_revision == lmp_subversion)
    print("unknown", ble.hci_cmd(_OGF_VENDOR, 0x0123, b"\x01\x02", bytearray(0)))
    print("disallowed", ble.hci_cmd(_OGF_LE, _OCF_LE_CREATE_CONN_CANCEL, b"", bytearray(0)))
    # Still alive: the host goes on after a refused command.
    print("version again", ble.hci_cmd(_OGF_INFO, _OCF_READ_LOCAL_VERSION, b"", resp))


def instance0():
    multitest.next()
    try:
        ask()
    finally:
        ble.active(0)


def instance1():
    multitest.next()
    try:
        ask()
    finally:
        ble.active(0)


ble = bluetooth.BLE()
ble.active(1)
