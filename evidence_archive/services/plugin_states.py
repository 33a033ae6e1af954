"""Switch plugins off and on without uninstalling them (ปิด/เปิดใช้งานปลั๊กอิน).

The choice is kept in the database and read when the app starts
(:func:`stored_disabled`, which ``create_app`` hands to ``plugins.get_plugins``),
so it takes effect on the next start of the archive; the running processes keep
the plugins they loaded.
"""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from ..archive import archive_of
from ..db import db
from ..errors import ValidationError
from ..models import PluginState, User
from . import audit

#: Shown wherever a plugin is switched, since nothing changes until a restart.
TAKES_EFFECT = "มีผลเมื่อเริ่มระบบใหม่"


def disabled_names() -> set[str]:
    """Return the names of the plugins switched off here."""
    return set(db.session.scalars(select(PluginState.name).where(PluginState.disabled)))


def stored_disabled(app) -> frozenset[str]:
    """Return the plugins an admin switched off in this archive's database, read at start
    (before the plugins load); none when there is no database yet or it is away."""
    if "sqlalchemy" not in app.extensions:
        return frozenset()
    try:
        with app.app_context():
            return frozenset(disabled_names())
    except SQLAlchemyError:  # load every plugin rather than none
        app.logger.exception("could not read which plugins are disabled")
        return frozenset()


def disabled_from_next_start() -> set[str]:
    """Return the plugins that will be off when the archive starts again (here or in the config)."""
    return disabled_names() | archive_of().plugins.config_disabled


def set_disabled(name: str, disabled: bool, user: User | None = None, via: str = "web") -> bool:
    """Switch a plugin off (or on again) from the next start; return whether anything changed.

    Only a plugin this app knows (installed, failed or disabled) or one
    switched off before may be named, so a typo never piles up rows.  A
    plugin disabled by the ``DISABLED_PLUGINS`` setting is switched on only there.
    """
    plugins = archive_of().plugins
    name = (name or "").strip()
    state = db.session.get(PluginState, name) if name else None
    if name not in plugins.infos and state is None:
        raise ValidationError({"name": f"ไม่พบปลั๊กอินชื่อ {name or '(ว่าง)'}"})
    if not disabled and name in plugins.config_disabled:
        raise ValidationError({"name": f"ปลั๊กอิน {name} ถูกปิดไว้ในการตั้งค่า DISABLED_PLUGINS "
                                       "ให้เปิดที่การตั้งค่านั้น"})
    if (state is not None and state.disabled) == disabled:
        return False
    if state is None:
        state = PluginState(name=name)
        db.session.add(state)
    state.disabled = disabled
    state.changed_by_id = user.id if user is not None else None
    action = "plugin_disable" if disabled else "plugin_enable"
    audit.record(action, None, f"{audit.ACTIONS[action]} {name} ({TAKES_EFFECT})",
                 {"plugin": name, "via": via}, user=user)
    db.session.commit()
    return True
