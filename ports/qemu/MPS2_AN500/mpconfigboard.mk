# MPS2_AN500 (the Cortex-M7 board QEMU emulates) with the Zephyr BLE host, its HCI on CMSDK UART1.
# zblegen build composes the board folder in its build cache: MicroPython's boards/MPS2_AN500 with
# this folder's files on top, so the board itself stays MicroPython's:
#   make -C <micropython>/ports/qemu BOARD=MPS2_AN500 BOARD_DIR=<composed folder> \
#        USER_C_MODULES=<integration rendered for port mps2_an500> ZEPHYR_BASE=<zephyr> \
#        QEMU_SEED_ADDRESS=<bindings/build.json's qemu.seedAddress>
# Run it with the REPL on the first serial port and an H4 controller on the second:
#   qemu-system-arm -machine mps2-an500 -nographic -monitor null -semihosting -icount shift=4,align=on \
#        -serial pty -serial /dev/pts/N -kernel firmware.elf

ifeq ($(wildcard $(USER_C_MODULES)/zephyr_ble/micropython.mk),)
$(error USER_C_MODULES=$(USER_C_MODULES) holds no zephyr_ble/micropython.mk; point it at an integration generated with --port mps2_an500)
endif

ifeq ($(QEMU_SEED_ADDRESS),)
$(error QEMU_SEED_ADDRESS is not set; pass bindings/build.json's qemu.seedAddress for mps2_an500, as zblegen build does)
endif

include $(TOP)/ports/qemu/boards/MPS2_AN500/mpconfigboard.mk

# The qemu port's mpconfigport.h reads no board header: this one comes first in every C file.
CFLAGS += -include $(BOARD_DIR)/mpconfigboard.h
INC += -I$(BOARD_DIR)
# Where QEMU leaves this instance's random seed (mpboardrandom.c): bindings/build.json's qemu.seedAddress.
CFLAGS += -DMP_BOARD_RANDOM_SEED_ADDR=$(QEMU_SEED_ADDRESS)u

# The board's glue: the HCI UART, the host's poll, and the port hooks the qemu port lacks.
SRC_C += $(wildcard $(BOARD_DIR)/*.c)

# mbedtls, as the Bluetooth ports build it for ssl: the host's PSA Crypto (profiles with
# CONFIG_BT_HOST_CRYPTO) compiles on top of it. Its configuration is mbedtls/mbedtls_config_port.h here.
MICROPY_PY_SSL = 1
MICROPY_SSL_MBEDTLS = 1

# A writable filesystem (littlefs on a RAM disk, mpboardvfs.c).
MICROPY_VFS_LFS2 = 1

# What the qemu port does without the scheduler, replaced at link time (mpboardwrap.c): delays and
# the REPL's wait for a character run it and sleep, and a soft reset stops Bluetooth before the
# heap is swept; uart_init is where the board sets itself up, before main; mp_init is followed by
# mounting the filesystem.
LDFLAGS += -Wl,--wrap=mp_hal_delay_ms -Wl,--wrap=mp_hal_stdin_rx_chr -Wl,--wrap=gc_sweep_all -Wl,--wrap=uart_init -Wl,--wrap=mp_init
