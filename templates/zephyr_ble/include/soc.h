/* Shadows <soc.h>, which hci_core.c includes unconditionally: there is no Zephyr SoC here. */
#ifndef MICROPY_INCLUDED_ZEPHYR_BLE_SOC_H
#define MICROPY_INCLUDED_ZEPHYR_BLE_SOC_H
#endif
