// Raw HCI commands for the Zephyr BLE backend (ble.hci_cmd). Until its backend function is defined
// here, modbluetooth_zephyr_stubs.c raises OSError(EOPNOTSUPP) for it.
// Copied by zblegen from templates/zephyr_ble/modbluetooth_zephyr_hci.c; edit it there.

#include "py/runtime.h"
#include "py/mperrno.h"
#include "py/mphal.h"

#if MICROPY_PY_BLUETOOTH && MICROPY_BLUETOOTH_ZEPHYR

#include "modbluetooth_zephyr_internal.h"

#if MICROPY_PY_BLUETOOTH_ENABLE_HCI_CMD

#endif // MICROPY_PY_BLUETOOTH_ENABLE_HCI_CMD

#endif // MICROPY_PY_BLUETOOTH && MICROPY_BLUETOOTH_ZEPHYR
