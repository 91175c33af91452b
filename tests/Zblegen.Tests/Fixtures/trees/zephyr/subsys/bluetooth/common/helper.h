#include <zephyr/sys/util.h>
#include <zephyr/generated_only.h>
