# The Zephyr host (MicroPython unix) connects to the peer advertising "zbpeer", then a fault inside
# the host (_zephyr_ble.fault(), as a failed assertion) ends the host: the connection must be
# reported gone through the usual IRQ, active() must read False, and active(True) must start a host
# that connects again. 20 faults in a row, then one clean connection and deactivation; the host's
# buffers and work items must be back where they started.
import bluetooth
import time
import _zephyr_ble

_IRQ_SCAN_RESULT = const(5)
_IRQ_PERIPHERAL_CONNECT = const(7)
_IRQ_PERIPHERAL_DISCONNECT = const(8)

ble = bluetooth.BLE()
found = None
events = []
handle = None


def irq(event, data):
    global found, handle
    if event == _IRQ_SCAN_RESULT:
        addr_type, addr, adv_type, rssi, adv = data
        if found is None and b"zbpeer" in bytes(adv):
            found = (addr_type, bytes(addr))
    elif event == _IRQ_PERIPHERAL_CONNECT:
        handle = data[0]
        events.append("connect")
    elif event == _IRQ_PERIPHERAL_DISCONNECT:
        events.append("disconnect")


def wait(condition, ms):
    t = time.ticks_ms()
    while not condition() and time.ticks_diff(time.ticks_ms(), t) < ms:
        time.sleep_ms(10)


def connect():
    global found
    del events[:]
    found = None
    ble.active(True)
    ble.irq(irq)
    ble.gap_scan(10_000, 30_000, 30_000)
    wait(lambda: found is not None, 10_000)
    ble.gap_scan(None)
    if found is None:
        return False
    ble.gap_connect(found[0], found[1])
    wait(lambda: "connect" in events, 10_000)
    return "connect" in events


base = _zephyr_ble.stats()
failures = []
for i in range(20):
    if not connect():
        failures.append((i, "no connection", events[:]))
        break
    _zephyr_ble.fault()
    wait(lambda: "disconnect" in events, 2_000)
    if events != ["connect", "disconnect"] or ble.active():
        failures.append((i, events[:], ble.active()))
print("faults", _zephyr_ble.stats()["host_faults"] - base["host_faults"], "failures", failures)
print("connected again", connect())
if handle is not None:
    ble.gap_disconnect(handle)
wait(lambda: "disconnect" in events, 10_000)
print("events", events)
ble.active(False)
stats = _zephyr_ble.stats()
print("at rest", stats["net_buf_free"] == base["net_buf_free"], stats["work_queued"], stats["work_delayed"], stats["conns"])
