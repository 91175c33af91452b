# A temperature sensor peripheral, written against the plain `bluetooth` module.
#
# It advertises as "zb-sensor" with the Environmental Sensing service, lets one central
# connect, and sends it a new temperature reading every half second (a notification of
# the Temperature characteristic) until the central disconnects. Then it ends.
#
# The same file runs on a board (PYBD_SF6, Pico W) and, with `zblegen run`, on the
# emulator:  zblegen run sensor_peripheral.py sensor_central.py

import bluetooth
import struct
import time
from micropython import const

_IRQ_CENTRAL_CONNECT = const(1)
_IRQ_CENTRAL_DISCONNECT = const(2)

_FLAG_READ = const(0x0002)
_FLAG_NOTIFY = const(0x0010)

_ENV_SENSE_UUID = bluetooth.UUID(0x181A)
_TEMPERATURE_UUID = bluetooth.UUID(0x2A6E)
_SERVICE = (_ENV_SENSE_UUID, ((_TEMPERATURE_UUID, _FLAG_READ | _FLAG_NOTIFY),))

_NAME = "zb-sensor"


def advertising_data(name, uuid16):
    # Flags (LE only, general discoverable), the complete name, one 16-bit service UUID.
    name = name.encode()
    return (
        bytes((2, 0x01, 0x06))
        + bytes((len(name) + 1, 0x09))
        + name
        + bytes((3, 0x03))
        + struct.pack("<H", uuid16)
    )


class Sensor:
    def __init__(self, ble):
        self._ble = ble
        self._ble.active(True)
        self._ble.irq(self._irq)
        ((self._handle,),) = self._ble.gatts_register_services((_SERVICE,))
        self.connection = None
        self.ended = False

    def _irq(self, event, data):
        if event == _IRQ_CENTRAL_CONNECT:
            self.connection, _, _ = data
            print("central connected")
        elif event == _IRQ_CENTRAL_DISCONNECT:
            self.connection = None
            self.ended = True
            print("central disconnected")

    def advertise(self):
        self._ble.gap_advertise(100_000, adv_data=advertising_data(_NAME, 0x181A))
        print("advertising as", _NAME)

    def set_temperature(self, celsius):
        # Temperature (0x2A6E) is a signed 16-bit value in hundredths of a degree.
        self._ble.gatts_write(self._handle, struct.pack("<h", int(celsius * 100)))
        if self.connection is not None:
            try:
                self._ble.gatts_notify(self.connection, self._handle)
            except OSError:
                pass  # the link went away between the check and the notification


def main():
    sensor = Sensor(bluetooth.BLE())
    temperature = 21.5
    sensor.set_temperature(temperature)
    sensor.advertise()
    while not sensor.ended:
        time.sleep_ms(500)
        if sensor.connection is not None:
            temperature += 0.25
            sensor.set_temperature(temperature)
            print("temperature %.2f C" % temperature)
    bluetooth.BLE().active(False)


main()
