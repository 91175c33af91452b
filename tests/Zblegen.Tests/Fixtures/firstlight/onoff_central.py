# The Zephyr host (MicroPython unix) turns the radio on and off 20 times, advertising each time,
# then connects once to the peer advertising "zbpeer". After every deactivation the host's
# buffers and work items must be back where they started (_zephyr_ble.stats(), a debug hook).
import bluetooth
import time
import _zephyr_ble

_IRQ_SCAN_RESULT = const(5)
_IRQ_SCAN_DONE = const(6)
_IRQ_PERIPHERAL_CONNECT = const(7)
_IRQ_PERIPHERAL_DISCONNECT = const(8)

ADV = b"\x02\x01\x06\x07\x09zbtest"
ble = bluetooth.BLE()
found = None
handle = None
events = []


def at_rest(stats, base):
    return (
        stats["net_buf_free"] == base["net_buf_free"]
        and stats["work_queued"] == 0
        and stats["work_delayed"] == 0
        and stats["conns"] == 0
    )


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


base = _zephyr_ble.stats()
print("pools", base["net_buf_pools"] > 0, "free", base["net_buf_free"] == base["net_buf_total"])
leaks = []
for i in range(20):
    ble.active(True)
    ble.gap_advertise(20_000, ADV, connectable=(i % 2 == 0))
    time.sleep_ms(30)
    ble.active(False)
    stats = _zephyr_ble.stats()
    if not at_rest(stats, base):
        leaks.append((i, stats))
print("cycles", 20, "leaks", leaks)

ble.active(True)
ble.irq(irq)
ble.gap_scan(10_000, 30_000, 30_000)
wait(lambda: found is not None, 10_000)
ble.gap_scan(None)
print("found", found is not None)
if found:
    ble.gap_connect(found[0], found[1])
    wait(lambda: "connect" in events, 10_000)
    time.sleep_ms(200)
    if handle is not None:
        ble.gap_disconnect(handle)
    wait(lambda: "disconnect" in events, 10_000)
print("events", events)
ble.active(False)
print("at rest", at_rest(_zephyr_ble.stats(), base))
