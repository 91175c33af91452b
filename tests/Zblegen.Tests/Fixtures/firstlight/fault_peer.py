# The peer of fault_central.py: advertises "zbpeer" again after every disconnection, until the
# central has connected 21 times and gone.
import bluetooth
import time

_IRQ_CENTRAL_CONNECT = const(1)
_IRQ_CENTRAL_DISCONNECT = const(2)

ADV = b"\x02\x01\x06\x07\x09zbpeer"
ble = bluetooth.BLE()
connects = 0
disconnects = 0


def irq(event, data):
    global connects, disconnects
    if event == _IRQ_CENTRAL_CONNECT:
        connects += 1
    elif event == _IRQ_CENTRAL_DISCONNECT:
        disconnects += 1
        ble.gap_advertise(20_000, ADV)


ble.irq(irq)
ble.active(True)
ble.gap_advertise(20_000, ADV)
t = time.ticks_ms()
while disconnects < 21 and time.ticks_diff(time.ticks_ms(), t) < 240_000:
    time.sleep_ms(10)
print("connects", connects, "disconnects", disconnects)
ble.active(False)
