/* What a Zephyr board and SoC would tell Zephyr's headers, for port "unix" (unix).
   The host runs board-less inside MicroPython, so only the facts its headers test are given.
   Force-included before every host source by zephyr_ble.mk / zephyr_ble.cmake. */
#ifndef MICROPY_INCLUDED_ZEPHYR_BLE_TARGET_H
#define MICROPY_INCLUDED_ZEPHYR_BLE_TARGET_H

/* toolchain/gcc.h refuses to work without an architecture. */
#define CONFIG_ARCH_POSIX 1

/* hci_vs.h names it in a prototype; the fault frame itself is never used here. */
struct arch_esf;

#endif
