# PYBD_SF6 with the Zephyr BLE host in place of NimBLE. zblegen build composes the board folder
# in its build cache: MicroPython's boards/PYBD_SF6 with this folder's files on top, so the board
# itself (pins, clocks, flash layout) stays MicroPython's:
#   make -C <micropython>/ports/stm32 BOARD=PYBD_SF6 BOARD_DIR=<composed folder> \
#        USER_C_MODULES=<integration rendered for port pybd_sf6> ZEPHYR_BASE=<zephyr>

ifeq ($(wildcard $(USER_C_MODULES)/zephyr_ble/micropython.mk),)
$(error USER_C_MODULES=$(USER_C_MODULES) holds no zephyr_ble/micropython.mk; point it at an integration generated with --port pybd_sf6)
endif

# The make variable stays off (extmod.mk would then insist on NimBLE or BTstack); the integration's
# micropython.mk turns bluetooth on in C.
MICROPY_PY_BLUETOOTH = 0
MICROPY_BLUETOOTH_NIMBLE = 0
MICROPY_BLUETOOTH_BTSTACK = 0
include $(TOP)/ports/stm32/boards/PYBD_SF6/mpconfigboard.mk

# What the port's Makefile adds only with MICROPY_PY_BLUETOOTH=1: the HCI UART and its polling.
SRC_C += mpbthciport.c

# The firmware image holds the integration's iterable data too (zephyr_ble_sections.ld loads it
# from flash right after .data).
TEXT0_SECTIONS = .isr_vector .isr_extratext .text .gc.blocks.table .data .ARM zb_it_data
