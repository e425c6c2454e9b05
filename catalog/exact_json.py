"""Django's JSON serializer, keeping times to the microsecond.

The stock encoder cuts datetimes to milliseconds, so a backup written with it would not give
back the timestamps it was taken from. Registered as the "json" format (SERIALIZATION_MODULES),
it reads everything the stock one wrote.
"""

import datetime

from django.core.serializers.json import Deserializer, DjangoJSONEncoder
from django.core.serializers.json import Serializer as JSONSerializer

__all__ = ["Deserializer", "Serializer"]


class ExactJSONEncoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, datetime.datetime):
            text = o.isoformat()
            return text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text
        if isinstance(o, datetime.time):
            return o.isoformat()
        return super().default(o)


class Serializer(JSONSerializer):
    def _init_options(self):
        self.options["cls"] = ExactJSONEncoder
        super()._init_options()
