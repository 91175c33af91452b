# Without a controller (MICROPYBTUART names nothing), active(True) fails with the same error each
# time it is tried, and bluetooth stays off.
import bluetooth

ble = bluetooth.BLE()
for attempt in range(2):
    try:
        ble.active(True)
        print("active")
    except OSError as e:
        print("OSError", e.errno == 19, ble.active())
