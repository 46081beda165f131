"""Writes for user accounts and their Tilik role. Each runs in one transaction and is audited."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tilik.core.audit import audit_record
from tilik.core.models import Profile, Role

STAFF_ROLES = {Role.ADMIN}  # Django admin is the system administrator's tool; evaluators have Tilik's pages


@transaction.atomic
def user_create_with_role(
    *,
    username: str,
    role: str,
    by: Any,
    password: str = "",
    unit: Any = None,  # an org.Unit (Profile.unit)
    employee: Any = None,  # an org.Employee (Profile.employee)
    email: str = "",
    full_name: str = "",
    password_hash: str = "",
) -> Any:
    """Create a login with its Profile.

    admin → superuser and staff (the only role that opens Django admin); evaluator → neither;
    pimpinan_unit needs ``unit`` (it sees that unit and its sub-units); peserta needs ``employee`` (their own
    ASN record). The password must pass
    AUTH_PASSWORD_VALIDATORS. Give either ``password`` or ``password_hash`` (the output of
    ``make_password``, for imports and for the demo, whose accounts share one password: hashing it once
    saves a second per account). A hash cannot be validated: the caller vouches for it.
    """
    if bool(password) == bool(password_hash):
        raise ValidationError({"password": _("Isi kata sandi atau hash-nya, salah satu saja.")})
    if role not in Role.values:
        raise ValidationError({"role": _("Peran %(role)s tidak dikenal.") % {"role": role}})
    if role == Role.UNIT_HEAD and unit is None:
        raise ValidationError({"unit": _("Pimpinan unit wajib memiliki unit.")})
    if role == Role.PARTICIPANT and employee is None:
        raise ValidationError({"employee": _("Akun peserta wajib terhubung ke data pegawai.")})
    user_model = get_user_model()
    first, _sep, last = full_name.partition(" ")
    user = user_model(
        username=username,
        email=email,
        first_name=first[:150],
        last_name=last[:150],
        is_staff=role in STAFF_ROLES,
        is_superuser=role == Role.ADMIN,
    )
    if password_hash:
        user.password = password_hash
    else:
        validate_password(password, user)
        user.set_password(password)
    user.full_clean()
    user.save()
    profile = Profile(user=user, role=role, unit=unit, employee=employee)
    profile.full_clean()
    profile.save()
    audit_record(
        actor=by,
        action="user.create",
        target=user,
        role=role,
        unit=unit.code if unit is not None else "",
        employee=employee.nip if employee is not None else "",
    )
    return user


@transaction.atomic
def profile_language_set(*, user: Any, language: str, by: Any) -> Profile:
    """Store the language a user reads Tilik and its e-mails in ('' = Indonesian, the default)."""
    profile = Profile.objects.select_for_update().get(user=user)
    if profile.language == language:
        return profile
    before = profile.language
    profile.language = language
    profile.full_clean()
    profile.save(update_fields=["language"])
    user.profile = profile  # the request's user object reads the new choice at once
    audit_record(actor=by, action="user.language_set", target=user, before=before, after=language)
    return profile
