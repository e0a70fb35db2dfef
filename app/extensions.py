"""The single home of Flask extension objects, bound to the app in create_app()."""

from typing import TYPE_CHECKING, Any

from flask_babel import Babel
from flask_compress import Compress
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_mailman import Mail
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_talisman import Talisman
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase, Session, scoped_session

# Named constraints keep Alembic migrations portable between SQLite and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)

# Models derive from Model: db.Model at run time; to mypy, which cannot follow a base class held in an attribute
# (python/mypy#8603), the declarative Base whose body db.Model copies.
if TYPE_CHECKING:
    Model = Base
else:
    Model = db.Model

# What a service that takes its session explicitly accepts: a Session, or db.session, which stands for one.
DbSession = Session | scoped_session[Any]
migrate = Migrate(compare_type=True, render_as_batch=True)
csrf = CSRFProtect()
login_manager = LoginManager()
babel = Babel()
limiter = Limiter(key_func=get_remote_address, default_limits=[])
talisman = Talisman()
mail = Mail()
compress = Compress()
