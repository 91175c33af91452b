# The collector of sensor_central.py, written with aioble (asyncio).
#
# Scans for "zb-aioble", connects, reads the temperature, subscribes, prints three
# notified readings and disconnects. Any step that fails or times out ends the script
# with an exception (exit status 1).
#
#   zblegen run aioble_sensor.py aioble_collector.py

import asyncio
import struct

import aioble
import bluetooth

_ENV_SENSE_UUID = bluetooth.UUID(0x181A)
_TEMPERATURE_UUID = bluetooth.UUID(0x2A6E)
_NAME = "zb-aioble"


def celsius(value):
    return struct.unpack("<h", value)[0] / 100


async def find_sensor():
    async with aioble.scan(5000, interval_us=30000, window_us=30000, active=True) as scanner:
        async for result in scanner:
            if result.name() == _NAME:
                return result.device
    return None


async def collect():
    device = await find_sensor()
    if device is None:
        raise RuntimeError("no %s found" % _NAME)
    print("found", _NAME)
    async with await device.connect(timeout_ms=5000) as connection:
        print("connected")
        service = await connection.service(_ENV_SENSE_UUID)
        characteristic = await service.characteristic(_TEMPERATURE_UUID)
        print("read: %.2f C" % celsius(await characteristic.read()))
        await characteristic.subscribe(notify=True)
        for _ in range(3):
            print("notified: %.2f C" % celsius(await characteristic.notified(timeout_ms=5000)))
    print("disconnected")


asyncio.run(collect())
