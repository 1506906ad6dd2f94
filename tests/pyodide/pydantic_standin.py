"""A STAND-IN for pydantic, used in the Pyodide 0.27 run of the test tier only.

Real pydantic needs pydantic_core, a compiled package; no build of it for Pyodide 0.27 can be had
here (its official file is on Pyodide's CDN, which this machine cannot reach). So that one run
installs this module under the name `pydantic` before the shipped requirements, and says so in
its output. It covers what kundenwert's Config uses: fields from annotations with defaults and
default factories, Field bounds, Literal choices, int/float coercion, nested models and lists of
them, field and model validators, model_copy, model_dump and ValidationError.errors(). Real
pydantic validates the same Config in the Pyodide 314 run (tests/test_pyodide.py), and natively
everywhere else.
"""

from __future__ import annotations

import copy
import datetime as dt
import sys
import types
import typing
from typing import Any, Literal

STANDIN = True
_MISSING = object()


class ValidationError(ValueError):
    """The errors of one model, as pydantic lists them (loc, msg)."""

    def __init__(self, title: str, errors: list[dict[str, Any]]) -> None:
        super().__init__(f"{len(errors)} validation error(s) for {title}")
        self._errors = errors

    def errors(self) -> list[dict[str, Any]]:
        return self._errors


class FieldInfo:
    def __init__(self, default: Any = _MISSING, default_factory: Any = None, **bounds: Any):
        self.default, self.default_factory = default, default_factory
        self.bounds = {k: v for k, v in bounds.items() if k in ("ge", "gt", "le", "lt")}


def Field(default: Any = _MISSING, *, default_factory: Any = None, **kw: Any) -> Any:  # noqa: N802
    return FieldInfo(default, default_factory, **kw)


def field_validator(*names: str, **_: Any) -> Any:
    def mark(f: Any) -> Any:
        func = f.__func__ if isinstance(f, classmethod) else f
        func.__field_validator__ = names
        return f

    return mark


def model_validator(*, mode: str) -> Any:
    def mark(f: Any) -> Any:
        f.__model_validator__ = mode
        return f

    return mark


_CHECKS = {
    "ge": (lambda v, b: v >= b, "greater than or equal to"),
    "gt": (lambda v, b: v > b, "greater than"),
    "le": (lambda v, b: v <= b, "less than or equal to"),
    "lt": (lambda v, b: v < b, "less than"),
}


def _coerce(value: Any, kind: Any) -> Any:
    origin, args = typing.get_origin(kind), typing.get_args(kind)
    if kind is Any:
        return value
    if origin in (typing.Union, types.UnionType):
        if value is None and type(None) in args:
            return None
        last: Exception | None = None
        for arg in args:
            if arg is type(None):
                continue
            try:
                return _coerce(value, arg)
            except (TypeError, ValueError) as e:
                last = e
        raise last or TypeError("no type fits")
    if origin is Literal:
        if value not in args:
            raise ValueError(f"Input should be {' or '.join(repr(a) for a in args)}")
        return value
    if origin is list:
        return [_coerce(v, args[0]) for v in value]
    if origin is dict:
        return {_coerce(k, args[0]): _coerce(v, args[1]) for k, v in value.items()}
    if isinstance(kind, type) and issubclass(kind, BaseModel):
        if isinstance(value, kind):
            return value
        if isinstance(value, dict):
            return kind(**value)
        raise TypeError(f"Input should be a valid dictionary or instance of {kind.__name__}")
    if kind is float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise TypeError("Input should be a valid number")
        return float(value)
    if kind is int:
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError("Input should be a valid integer")
        return value
    if kind is str:
        if not isinstance(value, str):
            raise TypeError("Input should be a valid string")
        return value
    if kind is dt.date:
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            return dt.date.fromisoformat(value)
        raise TypeError("Input should be a valid date")
    return value


class BaseModel:
    """Fields from the class annotations; validation on construction, as in pydantic."""

    __fields__ = {}  # type: ignore[var-annotated]  # (no annotation: get_type_hints reads it)

    def __init_subclass__(cls, **kw: Any) -> None:
        super().__init_subclass__(**kw)
        cls.__fields__ = {}

    @classmethod
    def _fields(cls) -> dict[str, tuple[Any, FieldInfo]]:
        if not cls.__fields__:
            hints = typing.get_type_hints(cls, vars(sys.modules[cls.__module__]))
            for name, kind in hints.items():
                if name.startswith("_") or typing.get_origin(kind) is typing.ClassVar:
                    continue
                info = cls.__dict__.get(name, _MISSING)
                if not isinstance(info, FieldInfo):
                    info = FieldInfo(info)
                cls.__fields__[name] = (kind, info)
        return cls.__fields__

    def __init__(self, **data: Any) -> None:
        errors: list[dict[str, Any]] = []
        cls = type(self)
        for name, (kind, info) in cls._fields().items():
            if name in data:
                value = data[name]
            elif info.default_factory is not None:
                value = info.default_factory()
            elif info.default is not _MISSING:
                value = copy.deepcopy(info.default)
            else:
                errors.append({"loc": (name,), "msg": "Field required"})
                continue
            try:
                if name in data:
                    value = _coerce(value, kind)
                    for key, bound in info.bounds.items():
                        check, words = _CHECKS[key]
                        if not check(value, bound):
                            raise ValueError(f"Input should be {words} {bound}")
                    for f in cls._validators("__field_validator__"):
                        if name in f.__field_validator__:
                            value = f(cls, value)
            except ValidationError as e:
                errors.extend({**x, "loc": (name, *x["loc"])} for x in e.errors())
            except (TypeError, ValueError) as e:
                errors.append({"loc": (name,), "msg": str(e)})
            object.__setattr__(self, name, value)
        if errors:
            raise ValidationError(cls.__name__, errors)
        for f in cls._validators("__model_validator__"):
            try:
                f(self)
            except ValueError as e:
                raise ValidationError(
                    cls.__name__, [{"loc": (), "msg": f"Value error, {e}"}]
                ) from None

    @classmethod
    def _validators(cls, mark: str) -> list[Any]:
        found = []
        for klass in reversed(cls.__mro__):
            for value in vars(klass).values():
                func = value.__func__ if isinstance(value, classmethod) else value
                if hasattr(func, mark):
                    found.append(func)
        return found

    def model_copy(self, *, update: dict[str, Any] | None = None, deep: bool = False) -> Any:
        out = copy.deepcopy(self) if deep else copy.copy(self)
        for k, v in (update or {}).items():
            object.__setattr__(out, k, v)
        return out

    def model_dump(self, *, exclude: Any = None, **_: Any) -> dict[str, Any]:
        skip = set(exclude or ())

        def dump(v: Any) -> Any:
            if isinstance(v, BaseModel):
                return v.model_dump()
            if isinstance(v, list):
                return [dump(x) for x in v]
            if isinstance(v, dict):
                return {k: dump(x) for k, x in v.items()}
            return v

        return {k: dump(getattr(self, k)) for k in self._fields() if k not in skip}

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and self.model_dump() == other.model_dump()

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.model_dump()!r})"
