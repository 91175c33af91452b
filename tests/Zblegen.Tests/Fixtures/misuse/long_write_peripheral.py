# Takes writes into a 300-byte buffer and prints the length of each, once the central has gone.
import bluetooth
import time

_IRQ_CENTRAL_CONNECT = const(1)
_IRQ_CENTRAL_DISCONNECT = const(2)
_IRQ_GATTS_WRITE = const(3)

SERVICE = bluetooth.UUID("a5a5a5a5-0000-4000-8000-00000000d0d0")
CHAR = bluetooth.UUID("a5a5a5a5-0001-4000-8000-00000000d0d0")

ble = bluetooth.BLE()
events = []
lengths = []


def irq(event, data):
    if event == _IRQ_CENTRAL_CONNECT:
        events.append("connect")
    elif event == _IRQ_CENTRAL_DISCONNECT:
        events.append("disconnect")
    elif event == _IRQ_GATTS_WRITE:
        lengths.append(len(ble.gatts_read(data[1])))


ble.irq(irq)
ble.active(True)
((handle,),) = ble.gatts_register_services(((SERVICE, ((CHAR, bluetooth.FLAG_WRITE),)),))
ble.gatts_set_buffer(handle, 300)
ble.gap_advertise(20_000, b"\x02\x01\x06\x08\x09zblong!")
t = time.ticks_ms()
while "disconnect" not in events and time.ticks_diff(time.ticks_ms(), t) < 40_000:
    time.sleep_ms(10)
print("events", events)
print("lengths", lengths)
ble.active(False)
