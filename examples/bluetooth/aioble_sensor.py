# The temperature sensor of sensor_peripheral.py, written with aioble (asyncio).
#
# Advertises as "zb-aioble", serves one central, notifies a new reading every half
# second while it is connected, and ends when it disconnects.
#
#   zblegen run aioble_sensor.py aioble_collector.py

import asyncio
import struct

import aioble
import bluetooth

_ENV_SENSE_UUID = bluetooth.UUID(0x181A)
_TEMPERATURE_UUID = bluetooth.UUID(0x2A6E)
_NAME = "zb-aioble"

service = aioble.Service(_ENV_SENSE_UUID)
temperature = aioble.Characteristic(service, _TEMPERATURE_UUID, read=True, notify=True)
aioble.register_services(service)


def encode(celsius):
    return struct.pack("<h", int(celsius * 100))


async def serve_one_central():
    celsius = 21.5
    temperature.write(encode(celsius))
    print("advertising as", _NAME)
    connection = await aioble.advertise(100_000, name=_NAME, services=[_ENV_SENSE_UUID])
    print("central connected")
    while connection.is_connected():
        await asyncio.sleep_ms(500)
        celsius += 0.25
        # send_update notifies every central that subscribed.
        temperature.write(encode(celsius), send_update=True)
        print("temperature %.2f C" % celsius)
    print("central disconnected")


asyncio.run(serve_one_central())
