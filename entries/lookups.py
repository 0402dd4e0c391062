"""`field__any_of=[...]`: membership in a long list of ids as one array parameter on PostgreSQL.

A search that matches thousands of entries feeds every facet count; as `IN (%s, %s, ...)` each of those
queries would carry thousands of parameters, as `= ANY(%s)` it carries one.
"""

from django.db.models import Field, ForeignObject, Lookup


class AnyOf(Lookup):
    lookup_name = "any_of"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        values = list(self.rhs)
        if connection.vendor == "postgresql":
            return f"{lhs} = ANY(%s)", [*lhs_params, values]
        if not values:
            return "1 = 0", list(lhs_params)
        return f"{lhs} IN ({', '.join(['%s'] * len(values))})", [*lhs_params, *values]


Field.register_lookup(AnyOf)
ForeignObject.register_lookup(AnyOf)  # a multi-table child's primary key is its parent link
