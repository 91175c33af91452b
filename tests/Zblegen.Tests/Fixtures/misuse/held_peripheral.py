# Holds its events while a central connects, writes "peer" (then Python writes "mine" over it), appends
# "ab" and "cd" to a buffer, reads it twice, writes 40 more values and disconnects: far more than the
# event queue holds. Then lets the events through.
import bluetooth
import time
import _zephyr_ble

_IRQ_CENTRAL_CONNECT = const(1)
_IRQ_CENTRAL_DISCONNECT = const(2)
_IRQ_GATTS_WRITE = const(3)

SERVICE = bluetooth.UUID("a5a5a5a5-0000-4000-8000-00000000c0c0")
APPEND = bluetooth.UUID("a5a5a5a5-0001-4000-8000-00000000c0c0")
WRITE = bluetooth.UUID("a5a5a5a5-0002-4000-8000-00000000c0c0")
OWN = bluetooth.UUID("a5a5a5a5-0003-4000-8000-00000000c0c0")

ble = bluetooth.BLE()
events = []


def irq(event, data):
    if event == _IRQ_CENTRAL_CONNECT:
        events.append("connect")
    elif event == _IRQ_CENTRAL_DISCONNECT:
        events.append("disconnect")
    elif event == _IRQ_GATTS_WRITE:
        events.append("write")


def wait_for_conns(n, ms=40_000):
    t = time.ticks_ms()
    while _zephyr_ble.stats()["conns"] != n and time.ticks_diff(time.ticks_ms(), t) < ms:
        time.sleep_ms(10)


ble.irq(irq)
ble.active(True)
flags = bluetooth.FLAG_READ | bluetooth.FLAG_WRITE
((append, write, own),) = ble.gatts_register_services(((SERVICE, ((APPEND, flags), (WRITE, flags), (OWN, flags))),))
ble.gatts_set_buffer(append, 64, True)
_zephyr_ble.hold_events(True)
ble.gap_advertise(20_000, b"\x02\x01\x06\x08\x09zbfull!")
wait_for_conns(1)
t = time.ticks_ms()
while ble.gatts_read(own) != b"peer" and time.ticks_diff(time.ticks_ms(), t) < 20_000:
    time.sleep_ms(1)
ble.gatts_write(own, b"mine")
wait_for_conns(0)
_zephyr_ble.hold_events(False)
time.sleep_ms(100)
print("first", events[:1], "last", events[-1:], "dropped", _zephyr_ble.stats()["events_dropped"] > 0)
print("buffer", ble.gatts_read(append), ble.gatts_read(append), "own", ble.gatts_read(own))
ble.active(False)
