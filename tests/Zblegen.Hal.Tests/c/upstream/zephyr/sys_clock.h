// Test stand-in: the HAL defines timeouts and tick conversions.
#include "zephyr_ble_hal.h"
