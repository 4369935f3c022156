"""Admins manage users: role, municipalities, password (hashed with Argon2)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app import cached
from app.session import current_user
from geo import i18n
from geo.access.auth import Action, PermissionDenied, Role, User, hash_password, require
from geo.domain.model import ValidationError
from geo.spatial import boundaries

lang = i18n.language(st.session_state.get("lang"))
t = i18n.catalog(lang)
store = cached.current_store()
user: User = current_user(store)
require(user, Action.MANAGE_USERS)  # the page list already hides it; this makes sure

st.title(t["users.heading"])
st.caption(t["users.cli_hint"])
names = boundaries.names()
# The list is filled in last, so that it shows a user saved or removed on this run.
listing = st.empty()

with st.form("user_form"):
    st.subheader(t["users.add"])
    email = st.text_input(t["users.email"])
    name = st.text_input(t["users.name"])
    role = st.selectbox(t["users.role"], [Role.EDITOR.value, Role.ADMIN.value],
                        format_func=lambda r: t[f"auth.role_{r}"])
    kommuner = st.multiselect(t["users.kommuner"], list(names), format_func=names.get,
                              placeholder=t["users.kommuner_placeholder"])
    password = st.text_input(t["users.password"], type="password")
    if st.form_submit_button(t["users.save"]):
        try:
            require(user, Action.MANAGE_USERS)
            new = User(email=email.strip(), name=name.strip(), role=role,
                       kommuner=tuple(kommuner))
            store.save_user(new, hash_password(password) if password else None, user.label)
            st.success(i18n.t("users.saved", lang, email=new.email))
        except ValidationError as error:
            st.error(i18n.t("edit.invalid", lang, field=error.field, message=error.text(lang)))
        except PermissionDenied:
            st.error(t["auth.denied"])

emails = [u.email for u in store.users() if u.email != user.email]
if emails:
    remove = st.selectbox(t["users.remove"], emails, index=None, key="remove_user",
                          placeholder=t["users.remove_placeholder"])
    if remove and st.button(t["users.remove"], key="remove_user_button"):
        store.remove_user(remove, user.label)
        st.success(i18n.t("users.removed", lang, email=remove))

listing.dataframe(pd.DataFrame([{
    t["users.email"]: u.email, t["users.name"]: u.name,
    t["users.role"]: t[f"auth.role_{u.role.value}"],
    t["users.kommuner"]: ", ".join(names.get(k, k) for k in u.kommuner),
} for u in store.users()]), hide_index=True, width="stretch")
