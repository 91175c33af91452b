# Advertises "zbpeer", then blocks in one time.sleep (a select on unix) while its peer,
# name_central.py, connects, discovers and reads the device name: the host must go on answering.
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
ble.config(gap_name="blocked")
ble.gap_advertise(20_000, b"\x02\x01\x06\x07\x09zbpeer")
time.sleep(12)
print("events", events)
ble.active(False)
