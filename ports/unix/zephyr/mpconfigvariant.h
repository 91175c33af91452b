// The unix port with the Zephyr BLE host over H4: the standard variant's features, plus the
// bluetooth options this backend supports. MICROPY_PY_BLUETOOTH and MICROPY_BLUETOOTH_ZEPHYR
// come from the integration's flags (extmod-out/zephyr_ble/micropython.mk).

#define MICROPY_CONFIG_ROM_LEVEL (MICROPY_CONFIG_ROM_LEVEL_EXTRA_FEATURES)

#include "variants/mpconfigvariant_common.h"

// Pairing and L2CAP channels are on when the profile has them (extmod-out/zephyr_ble/micropython.mk).
