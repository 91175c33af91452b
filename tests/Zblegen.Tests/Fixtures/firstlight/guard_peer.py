# The peer of guard_central.py: named "zbpeer", advertising until a central has connected and gone.
import bluetooth
import time

_IRQ_CENTRAL_CONNECT = const(1)
_IRQ_CENTRAL_DISCONNECT = const(2)

ble = bluetooth.BLE()
events = []


def irq(event, data):
    if event == _IRQ_CENTRAL_CONNECT:
        events.append("connect")
    elif event == _IRQ_CENTRAL_DISCONNECT:
        events.append("disconnect")


ble.irq(irq)
ble.active(True)
ble.config(gap_name="zbpeer")
ble.gap_advertise(20_000, b"\x02\x01\x06\x07\x09zbpeer")
t = time.ticks_ms()
while "disconnect" not in events and time.ticks_diff(time.ticks_ms(), t) < 40_000:
    time.sleep_ms(10)
print("events", events)
ble.active(False)
