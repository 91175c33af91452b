// Security for the Zephyr BLE backend: pairing, bonding, passkeys and the bonds kept through
// MicroPython's secret IRQs (Zephyr's SMP and keys). Until its backend functions are defined here,
// modbluetooth_zephyr_stubs.c raises OSError(EOPNOTSUPP) for them.
// Copied by zblegen from templates/zephyr_ble/modbluetooth_zephyr_security.c; edit it there.

#include "py/runtime.h"
#include "py/mperrno.h"
#include "py/mphal.h"

#if MICROPY_PY_BLUETOOTH && MICROPY_BLUETOOTH_ZEPHYR

#include "modbluetooth_zephyr_internal.h"

#if MICROPY_PY_BLUETOOTH_ENABLE_PAIRING_BONDING

#endif // MICROPY_PY_BLUETOOTH_ENABLE_PAIRING_BONDING

#endif // MICROPY_PY_BLUETOOTH && MICROPY_BLUETOOTH_ZEPHYR
