# Serves one characteristic written without response; records the value each write IRQ reads.
import bluetooth
import time

_IRQ_CENTRAL_CONNECT = const(1)
_IRQ_CENTRAL_DISCONNECT = const(2)
_IRQ_GATTS_WRITE = const(3)

SERVICE = bluetooth.UUID("a5a5a5a5-0000-4000-8000-00000000b0b0")
CHAR = bluetooth.UUID("a5a5a5a5-0001-4000-8000-00000000b0b0")

ble = bluetooth.BLE()
events = []
values = []


def irq(event, data):
    if event == _IRQ_CENTRAL_CONNECT:
        events.append("connect")
    elif event == _IRQ_CENTRAL_DISCONNECT:
        events.append("disconnect")
    elif event == _IRQ_GATTS_WRITE:
        values.append(ble.gatts_read(data[1])[0])


ble.irq(irq)
ble.active(True)
((handle,),) = ble.gatts_register_services(((SERVICE, ((CHAR, bluetooth.FLAG_WRITE_NO_RESPONSE),)),))
ble.gap_advertise(20_000, b"\x02\x01\x06\x08\x09zbburst")
t = time.ticks_ms()
while "disconnect" not in events and time.ticks_diff(time.ticks_ms(), t) < 40_000:
    time.sleep_ms(10)
print("events", events)
print("values", values)
ble.active(False)
