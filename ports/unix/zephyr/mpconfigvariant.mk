# The unix port with the Zephyr BLE host talking H4 to $MICROPYBTUART (a pty of zblegen's
# emulator, or a real controller's tty). Built by `zblegen build --board unix --stack zephyr`:
#   make -C <micropython>/ports/unix VARIANT_DIR=<zblegen>/ports/unix/zephyr \
#        USER_C_MODULES=<zblegen>/extmod-out ZEPHYR_BASE=<zephyr>
# The host comes in as the user C module extmod-out/zephyr_ble (micropython.mk there).

ifeq ($(wildcard $(USER_C_MODULES)/zephyr_ble/micropython.mk),)
$(error USER_C_MODULES=$(USER_C_MODULES) holds no zephyr_ble/micropython.mk; point it at zblegen's extmod-out (run zblegen generate first))
endif
ifeq ($(ZEPHYR_BASE),)
$(error ZEPHYR_BASE is not set; point it at Zephyr 4.1.0's zephyr/ folder)
endif

# The standard variant's frozen modules (asyncio), as the NimBLE and BTstack builds have.
FROZEN_MANIFEST ?= variants/standard/manifest.py
