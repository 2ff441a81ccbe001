from __future__ import annotations

import factory

from hoptac.core.tests.factories import LocalityFactory
from hoptac.indicators.models import Procedure


class ProcedureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Procedure

    locality = factory.SubFactory(LocalityFactory)
    code = factory.Sequence(lambda n: f"1.{n + 100000:06d}")
    name = factory.Sequence(lambda n: f"Cấp giấy phép số {n}")
    field_name = "Xây dựng"
    agency_level = Procedure.AgencyLevel.PROVINCE
    online_level = Procedure.OnlineLevel.PARTIAL
