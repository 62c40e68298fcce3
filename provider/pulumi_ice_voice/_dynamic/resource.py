"""What every resource class of the dynamic provider shares (`DynamicResource`): the two
forms of the constructor, `get()`, autonaming, and the refusal of `import_`. The classes
themselves are generated from the kinds' tables (resources.py, `make docs`), with the names
of each kind's properties written out: a program imports neither the kinds nor pydantic."""

from __future__ import annotations

from dataclasses import fields
from typing import Any, ClassVar

import pulumi
import pulumi.dynamic

from .._core.autoname import AUTONAME_KEYS
from .pickling import pickler_restored
from .provider import DynamicProvider

__all__ = ["IMPORT_REFUSED", "DynamicResource"]

# The engine imports by reading the resource with nothing but its id, and the host of
# dynamic providers cannot run one without the `__provider` it takes from the properties
# (pulumi/pulumi#16175; seen with pulumi 3.274 as `KeyError: '__provider'`). Declaring
# the voice is what works: create finds the trained voice under its voice id and adopts
# it without training it again.
IMPORT_REFUSED = (
    "{cls} {name!r}: ResourceOptions(import_={id!r}) cannot work with a dynamic "
    "provider (Pulumi reads an imported resource without the provider it pickles, "
    "pulumi/pulumi#16175). {declare} `pulumi up` adopts the trained voice without training it "
    "again. Or read it without managing it: {cls}.get({name!r}, {id!r}), or use the plugin "
    "(icevoice), whose resources can be imported"
)


class DynamicResource(pulumi.dynamic.Resource):
    """What the dynamic resources share; each names its provider, args class and what a user
    declares to adopt a voice instead of importing it."""

    _dynamic_provider: ClassVar[DynamicProvider]
    _args_type: ClassVar[type]
    _adopt_hint: ClassVar[str]
    _output_names: ClassVar[tuple[str, ...]]
    """The kind's outputs, passed as None, or the engine never records them."""
    _input_names: ClassVar[tuple[str, ...]]
    """Every input `check` takes (declared, derived, the autoname keys)."""
    _required_inputs: ClassVar[tuple[str, ...]]

    def _construct(self, resource_name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
        read_props = kwargs.pop("__props__", None)
        if read_props is not None:  # get(): read by id, no inputs
            with pickler_restored():  # see pickling.py: pulumi's serializer leaks a patch
                super().__init__(self._dynamic_provider, resource_name, read_props, args[0])
            return
        args_object, opts = _args_and_opts(type(self), resource_name, args, kwargs)
        if opts is not None and opts.import_ is not None:
            raise ValueError(
                IMPORT_REFUSED.format(
                    cls=type(self).__name__,
                    name=resource_name,
                    id=opts.import_,
                    declare=self._adopt_hint.format(id=opts.import_),
                )
            )
        # Output-only properties are passed as None, or the engine never records them.
        props: dict[str, Any] = dict.fromkeys(self._output_names)
        # Shallow on purpose: dataclasses.asdict deep-copies, and Outputs refuse copies.
        props.update({f.name: getattr(args_object, f.name) for f in fields(args_object)})
        prefix, seed = AUTONAME_KEYS
        props[prefix] = resource_name
        props[seed] = _stack_scope(resource_name)
        with pickler_restored():  # see pickling.py: pulumi's serializer leaks a patch
            super().__init__(self._dynamic_provider, resource_name, props, opts)

    @classmethod
    def _read(
        cls, resource_name: str, id: pulumi.Input[str], opts: pulumi.ResourceOptions | None
    ) -> Any:
        """get(): the constructor's private form, every property an output to read."""
        props: dict[str, Any] = dict.fromkeys((*cls._output_names, *cls._input_names))
        merged = pulumi.ResourceOptions.merge(opts, pulumi.ResourceOptions(id=id))
        through_the_constructor: Any = cls
        return through_the_constructor(resource_name, merged, __props__=props)


def _args_and_opts(
    cls: type[DynamicResource], resource_name: str, args: tuple[Any, ...], kwargs: dict[str, Any]
) -> tuple[Any, pulumi.ResourceOptions | None]:
    """The two forms of the constructor, told apart: an args object, or keywords."""
    name, args_type = cls.__name__, cls._args_type
    if len(args) > 2:
        raise TypeError(f"{name}() takes at most 3 positional arguments ({len(args) + 1} given)")
    if args and isinstance(args[0], args_type):
        if kwargs.keys() - {"opts"} or (len(args) == 2 and "opts" in kwargs):
            given = ", ".join(sorted(kwargs.keys() - {"opts"})) or "opts twice"
            raise TypeError(
                f"{name}({resource_name!r}): pass the inputs either as a "
                f"{args_type.__name__} or as keywords, not both (got {given})"
            )
        opts = args[1] if len(args) == 2 else kwargs.get("opts")
        return args[0], opts
    if len(args) == 2:
        raise TypeError(
            f"{name}({resource_name!r}): the second argument must be a {args_type.__name__}"
        )
    opts = args[0] if args else kwargs.pop("opts", None)
    if opts is not None and not isinstance(opts, pulumi.ResourceOptions):
        raise TypeError(
            f"{name}({resource_name!r}): expected {args_type.__name__} or "
            f"pulumi.ResourceOptions, got {type(opts).__name__}"
        )
    unknown = sorted(kwargs.keys() - {f.name for f in fields(args_type)})
    if unknown:
        raise TypeError(f"{name}() got an unexpected keyword argument {unknown[0]!r}")
    missing = [arg for arg in cls._required_inputs if kwargs.get(arg) is None]
    if missing:
        raise TypeError(
            f"{name}() missing required keyword argument"
            f"{'s' if len(missing) > 1 else ''}: {', '.join(repr(m) for m in missing)}"
        )
    return args_type(**kwargs), opts


def _stack_scope(resource_name: str) -> str:
    """Organization/project/stack/name: what makes an autonamed voice id unique to a stack."""
    organization = ""
    get_organization = getattr(pulumi, "get_organization", None)
    if get_organization is not None:
        try:
            organization = get_organization()
        except Exception:  # older engines have no organization
            organization = ""
    return f"{organization}/{pulumi.get_project()}/{pulumi.get_stack()}/{resource_name}"
