# A central that collects readings from sensor_peripheral.py, written against the plain
# `bluetooth` module.
#
# It scans for a device named "zb-sensor", connects, finds the Environmental Sensing
# service and its Temperature characteristic, reads it once, subscribes, prints three
# notified readings and disconnects. It exits with status 1 if any step does not happen.
#
#   zblegen run sensor_peripheral.py sensor_central.py

import bluetooth
import struct
import sys
import time
from micropython import const

_IRQ_SCAN_RESULT = const(5)
_IRQ_SCAN_DONE = const(6)
_IRQ_PERIPHERAL_CONNECT = const(7)
_IRQ_PERIPHERAL_DISCONNECT = const(8)
_IRQ_GATTC_SERVICE_RESULT = const(9)
_IRQ_GATTC_SERVICE_DONE = const(10)
_IRQ_GATTC_CHARACTERISTIC_RESULT = const(11)
_IRQ_GATTC_CHARACTERISTIC_DONE = const(12)
_IRQ_GATTC_READ_RESULT = const(15)
_IRQ_GATTC_READ_DONE = const(16)
_IRQ_GATTC_WRITE_DONE = const(17)
_IRQ_GATTC_NOTIFY = const(18)

_ENV_SENSE_UUID = bluetooth.UUID(0x181A)
_TEMPERATURE_UUID = bluetooth.UUID(0x2A6E)
_NAME = "zb-sensor"
_READINGS = const(3)


def name_in(adv_data):
    # Walk the advertising structures (length, type, value) for a complete or short name.
    i = 0
    while i + 1 < len(adv_data):
        length, kind = adv_data[i], adv_data[i + 1]
        if kind in (0x08, 0x09):
            return bytes(adv_data[i + 2 : i + 1 + length]).decode()
        i += 1 + length
    return None


def celsius(value):
    return struct.unpack("<h", value)[0] / 100


class Collector:
    def __init__(self, ble):
        self._ble = ble
        self._ble.active(True)
        self._ble.irq(self._irq)
        self.events = {}
        self.peer = None
        self.conn = None
        self.service = None
        self.handle = None
        self.subscribed = False
        self.readings = []

    def _irq(self, event, data):
        if event == _IRQ_SCAN_RESULT:
            addr_type, addr, _, _, adv_data = data
            if self.peer is None and name_in(adv_data) == _NAME:
                self.peer = (addr_type, bytes(addr))
                self._ble.gap_scan(None)
        elif event == _IRQ_PERIPHERAL_CONNECT:
            self.conn = data[0]
        elif event == _IRQ_GATTC_SERVICE_RESULT:
            if data[3] == _ENV_SENSE_UUID:
                self.service = (data[1], data[2])
        elif event == _IRQ_GATTC_CHARACTERISTIC_RESULT:
            if data[4] == _TEMPERATURE_UUID:
                self.handle = data[2]
        elif event == _IRQ_GATTC_READ_RESULT:
            print("read: %.2f C" % celsius(data[2]))
        elif event == _IRQ_GATTC_NOTIFY and self.subscribed:
            # A peripheral may notify before the subscription (MicroPython's gatts_notify does): not counted.
            self.readings.append(celsius(data[2]))
            print("notified: %.2f C" % self.readings[-1])
        self.events[event] = data

    def wait_for(self, event, what, timeout_ms=5000):
        start = time.ticks_ms()
        while event not in self.events:
            if time.ticks_diff(time.ticks_ms(), start) > timeout_ms:
                print("gave up waiting for", what)
                sys.exit(1)
            time.sleep_ms(10)
        return self.events.pop(event)

    def run(self):
        self._ble.gap_scan(5000, 30000, 30000, True)
        self.wait_for(_IRQ_SCAN_DONE, "the scan to end", 6000)
        if self.peer is None:
            print("no", _NAME, "found")
            sys.exit(1)
        print("found", _NAME)
        self._ble.gap_connect(*self.peer)
        self.wait_for(_IRQ_PERIPHERAL_CONNECT, "the connection")
        print("connected")
        self._ble.gattc_discover_services(self.conn)
        self.wait_for(_IRQ_GATTC_SERVICE_DONE, "service discovery")
        if self.service is None:
            print("no Environmental Sensing service")
            sys.exit(1)
        self._ble.gattc_discover_characteristics(self.conn, *self.service)
        self.wait_for(_IRQ_GATTC_CHARACTERISTIC_DONE, "characteristic discovery")
        if self.handle is None:
            print("no Temperature characteristic")
            sys.exit(1)
        self._ble.gattc_read(self.conn, self.handle)
        self.wait_for(_IRQ_GATTC_READ_DONE, "the read")
        # The Client Characteristic Configuration descriptor follows the value: 1 = notify.
        self.subscribed = True
        self._ble.gattc_write(self.conn, self.handle + 1, struct.pack("<H", 1), 1)
        self.wait_for(_IRQ_GATTC_WRITE_DONE, "the subscription")
        start = time.ticks_ms()
        while len(self.readings) < _READINGS:
            if time.ticks_diff(time.ticks_ms(), start) > 5000:
                print("gave up waiting for notifications")
                sys.exit(1)
            time.sleep_ms(10)
        self._ble.gap_disconnect(self.conn)
        self.wait_for(_IRQ_PERIPHERAL_DISCONNECT, "the disconnection")
        print("disconnected after %d readings" % len(self.readings))


Collector(bluetooth.BLE()).run()
bluetooth.BLE().active(False)
