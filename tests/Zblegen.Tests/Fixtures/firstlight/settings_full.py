# The full profile keeps the host's settings (identity, keys) in Python's hands once it holds a bond:
# each entry it stores then goes out as _IRQ_SET_SECRET, and comes back through _IRQ_GET_SECRET at
# the next activation (tests/multi_bluetooth/bond_restart.py). Without a bond nothing goes out, as
# NimBLE raises no secret IRQ before one, and the next start has the same identity.
from micropython import const
import bluetooth
import _zephyr_ble

_IRQ_GET_SECRET = const(29)
_IRQ_SET_SECRET = const(30)

secrets = {}


def irq(event, data):
    if event == _IRQ_SET_SECRET:
        sec_type, key, value = data
        if value is None:
            secrets.pop((sec_type, bytes(key)), None)
        else:
            secrets[(sec_type, bytes(key))] = bytes(value)
        return True
    if event == _IRQ_GET_SECRET:
        sec_type, index, key = data
        if key is not None:
            return secrets.get((sec_type, bytes(key)))
        values = [v for (t, _), v in sorted(secrets.items()) if t == sec_type]
        return values[index] if index < len(values) else None


ble = bluetooth.BLE()
ble.irq(irq)
ble.active(True)
first = _zephyr_ble.stats()["settings_entries"]
mac = ble.config("mac")
ble.active(False)
given = len(secrets)
ble.active(True)
print("stored", first > 0, "given", given, "same mac", ble.config("mac") == mac)
ble.active(False)
