// Test stand-in: the HAL defines the atomics.
#include "zephyr_ble_atomic.h"
