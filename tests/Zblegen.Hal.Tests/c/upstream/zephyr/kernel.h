// Test stand-in for the generated shadow kernel.h: Zephyr's own list and
// utility headers, then the HAL.
#include <zephyr/toolchain.h>
#include <zephyr/linker/section_tags.h>
#include <zephyr/sys/util.h>
#include <zephyr/sys/slist.h>
#include <zephyr/sys/dlist.h>
#include <zephyr/sys/sflist.h>
#include "zephyr_ble_hal.h"
