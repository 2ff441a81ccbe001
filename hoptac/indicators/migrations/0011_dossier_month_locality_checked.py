"""The monthly figures' locality checked by PostgreSQL again, once per statement.

A foreign key checks each inserted row on its own (one look-up of the locality per row, at
commit): on the bulk import's hundreds of thousands of monthly rows that doubled the insert's CPU
(measured: 2.2-2.7 s without, 4.3-5.7 s with, for 216,000 rows on the loaded machine), so 0010
dropped it. These triggers enforce the same rule set-wise: after each INSERT or UPDATE statement
on the figures, the distinct localities written must exist, and they are locked FOR KEY SHARE
until the transaction ends, as a foreign key locks them (0.1-0.5 s on the same 216,000 rows); a
locality that still has figures cannot be deleted, or its id changed. Django's PROTECT stays in
front of it.

PostgreSQL only: the bulk path is PostgreSQL's, and SQLite's row triggers would not let Django's
flush delete the tables in the order it chooses.
"""

from django.db import migrations

CHECK = """
CREATE FUNCTION indicators_figures_locality_exists() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    wanted bigint;
    held bigint;
BEGIN
    SELECT count(DISTINCT locality_id) INTO wanted FROM written;
    -- Lock first, then count: a locality deleted meanwhile is not locked, so it is missed
    -- (a foreign key's check does the same).
    SELECT count(*) INTO held FROM (
        SELECT id FROM core_locality WHERE id IN (SELECT locality_id FROM written)
        FOR KEY SHARE
    ) AS l;
    IF held < wanted THEN
        RAISE EXCEPTION USING
            ERRCODE = 'foreign_key_violation',
            MESSAGE = 'insert or update on table "' || TG_TABLE_NAME
                || '" violates the locality check',
            DETAIL = 'A locality of the figures written does not exist.';
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER indicators_dossiermonth_locality_insert
    AFTER INSERT ON indicators_dossiermonth REFERENCING NEW TABLE AS written
    FOR EACH STATEMENT EXECUTE FUNCTION indicators_figures_locality_exists();
CREATE TRIGGER indicators_dossiermonth_locality_update
    AFTER UPDATE ON indicators_dossiermonth REFERENCING NEW TABLE AS written
    FOR EACH STATEMENT EXECUTE FUNCTION indicators_figures_locality_exists();

CREATE FUNCTION indicators_locality_without_figures() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM indicators_dossiermonth WHERE locality_id = OLD.id) THEN
        RAISE EXCEPTION USING
            ERRCODE = 'foreign_key_violation',
            MESSAGE = 'locality ' || OLD.id || ' still has monthly dossier figures',
            DETAIL = 'Delete its figures (indicators_dossiermonth) first.';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER indicators_locality_figures_delete
    BEFORE DELETE ON core_locality
    FOR EACH ROW EXECUTE FUNCTION indicators_locality_without_figures();
CREATE TRIGGER indicators_locality_figures_update
    BEFORE UPDATE OF id ON core_locality
    FOR EACH ROW WHEN (OLD.id IS DISTINCT FROM NEW.id)
    EXECUTE FUNCTION indicators_locality_without_figures();
"""

UNDO = """
DROP TRIGGER IF EXISTS indicators_locality_figures_update ON core_locality;
DROP TRIGGER IF EXISTS indicators_locality_figures_delete ON core_locality;
DROP FUNCTION IF EXISTS indicators_locality_without_figures();
DROP TRIGGER IF EXISTS indicators_dossiermonth_locality_update ON indicators_dossiermonth;
DROP TRIGGER IF EXISTS indicators_dossiermonth_locality_insert ON indicators_dossiermonth;
DROP FUNCTION IF EXISTS indicators_figures_locality_exists();
"""


def _on_postgresql(sql: str):
    def run(apps, schema_editor) -> None:
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, None)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0007_demo_load"),
        ("indicators", "0010_dossier_month_locality_unconstrained"),
    ]

    operations = [migrations.RunPython(_on_postgresql(CHECK), _on_postgresql(UNDO), elidable=False)]
