// L2CAP connection-oriented channels for the Zephyr BLE backend (Zephyr's LE credit-based
// channels). Until its backend functions are defined here, modbluetooth_zephyr_stubs.c raises
// OSError(EOPNOTSUPP) for them.
// Copied by zblegen from templates/zephyr_ble/modbluetooth_zephyr_l2cap.c; edit it there.

#include "py/runtime.h"
#include "py/mperrno.h"
#include "py/mphal.h"

#if MICROPY_PY_BLUETOOTH && MICROPY_BLUETOOTH_ZEPHYR

#include "modbluetooth_zephyr_internal.h"

#if MICROPY_PY_BLUETOOTH_ENABLE_L2CAP_CHANNELS

#endif // MICROPY_PY_BLUETOOTH_ENABLE_L2CAP_CHANNELS

#endif // MICROPY_PY_BLUETOOTH && MICROPY_BLUETOOTH_ZEPHYR
