#ifndef FAKE_KERNEL_H
#define FAKE_KERNEL_H
#include <zephyr/sys/util.h>
#include <stdint.h>
#endif
