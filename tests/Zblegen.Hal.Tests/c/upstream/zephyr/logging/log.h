// Test stand-in: the HAL defines logging.
#include "zephyr_ble_log.h"
