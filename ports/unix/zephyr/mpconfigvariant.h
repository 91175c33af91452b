// The unix port with the Zephyr BLE host over H4: the standard variant's features, plus the
// bluetooth options this backend supports. MICROPY_PY_BLUETOOTH and MICROPY_BLUETOOTH_ZEPHYR
// come from the integration's flags (extmod-out/zephyr_ble/micropython.mk).

#define MICROPY_CONFIG_ROM_LEVEL (MICROPY_CONFIG_ROM_LEVEL_EXTRA_FEATURES)

#include "variants/mpconfigvariant_common.h"

// Not in the gatt profile: L2CAP channels and pairing come with the full profile.
#define MICROPY_PY_BLUETOOTH_ENABLE_L2CAP_CHANNELS (0)
#define MICROPY_PY_BLUETOOTH_ENABLE_PAIRING_BONDING (0)
