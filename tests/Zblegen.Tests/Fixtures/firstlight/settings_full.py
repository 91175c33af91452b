# The full profile keeps the host's settings (identity, keys) in the RAM store of
# zephyr_ble_settings.c: the host fills it at start, and it survives a radio off/on cycle.
import bluetooth
import _zephyr_ble

ble = bluetooth.BLE()
ble.active(True)
first = _zephyr_ble.stats()["settings_entries"]
mac = ble.config("mac")
ble.active(False)
ble.active(True)
again = _zephyr_ble.stats()["settings_entries"]
print("stored", first > 0, "kept", again == first, "same mac", ble.config("mac") == mac)
ble.active(False)
