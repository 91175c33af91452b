# RPI_PICO_W with the Zephyr BLE host in place of BTstack. zblegen build composes the board folder
# in its build cache: MicroPython's boards/RPI_PICO_W with this folder's files on top, so the
# board itself (pins, flash layout, the CYW43 and its Wi-Fi) stays MicroPython's:
#   make -C <micropython>/ports/rp2 BOARD_DIR=<composed folder> \
#        USER_C_MODULES=<integration rendered for port rpi_pico_w>/zephyr_ble ZEPHYR_BASE=<zephyr>
# (ZEPHYR_BASE from the environment; USER_C_MODULES the folder holding micropython.cmake.)

if(NOT EXISTS ${USER_C_MODULES}/micropython.cmake OR NOT EXISTS ${USER_C_MODULES}/zephyr_ble.cmake)
    message(FATAL_ERROR "USER_C_MODULES=${USER_C_MODULES} holds no micropython.cmake and zephyr_ble.cmake; point it at the zephyr_ble folder of an integration generated with --port rpi_pico_w")
endif()

include(${MICROPY_PORT_DIR}/boards/RPI_PICO_W/mpconfigboard.cmake)

# Bluetooth stays on (mpbthciport.c, the sync-events defines, CYW43_ENABLE_BLUETOOTH); the host
# is the integration's instead of BTstack.
set(MICROPY_BLUETOOTH_BTSTACK OFF)
list(APPEND MICROPY_SOURCE_BOARD ${CMAKE_CURRENT_LIST_DIR}/mpzephyrport.c)
# The port's CMake links pico-sdk's CYW43 driver headers (pico/cyw43_driver.h, which the CYW43's
# SPI bus driver includes) only through BTstack's CYW43 transport; without BTstack the board
# links them itself, once the firmware target exists.
cmake_language(DEFER CALL target_link_libraries ${MICROPY_TARGET} pico_cyw43_driver_headers)

# The port's own script, with the integration's iterable sections inside it (see
# zephyr_ble_compose_linker_script): their initial values then load from flash before the end
# of the image the script marks.
if(NOT ZEPHYR_BASE)
    set(ZEPHYR_BASE $ENV{ZEPHYR_BASE})
endif()
include(${USER_C_MODULES}/zephyr_ble.cmake)
zephyr_ble_compose_linker_script(${MICROPY_PORT_DIR}/memmap_mp_rp2040.ld MICROPY_BOARD_LINKER_SCRIPT)
