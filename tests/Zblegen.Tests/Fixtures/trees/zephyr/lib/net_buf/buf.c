#include <zephyr/sys/util.h>
