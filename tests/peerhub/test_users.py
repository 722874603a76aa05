import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.exceptions import ValidationError

pytestmark = pytest.mark.django_db
User = get_user_model()


def test_email_is_the_login_and_is_case_insensitive():
    User.objects.create_user(email="Sam.Lee@Example.org", password="long-enough-pass")
    user = authenticate(email="sam.lee@example.org", password="long-enough-pass")
    assert (user.email, User.USERNAME_FIELD) == ("sam.lee@example.org", "email")
    assert authenticate(username="SAM.LEE@example.org", password="long-enough-pass") == user


def test_duplicate_email_in_another_case_is_refused():
    User.objects.create_user(email="sam@example.org")
    with pytest.raises(ValidationError) as excinfo:
        User.objects.create_user(email="SAM@example.org")
    assert list(excinfo.value.message_dict) == ["email"]
    assert User.objects.count() == 1


def test_create_superuser_is_staff_and_superuser():
    admin = User.objects.create_superuser(email="admin@example.org", password="x-long-password")
    assert (admin.is_staff, admin.is_superuser) == (True, True)


def test_sign_up_is_closed(client):
    response = client.get("/accounts/signup/")
    assert response.status_code == 200
    assert "Sign Up Closed" in response.content.decode()
    response = client.post(
        "/accounts/signup/",
        {
            "email": "new@example.org",
            "password1": "a-good-password-1",
            "password2": "a-good-password-1",
        },
    )
    assert User.objects.count() == 0


def test_admin_is_for_superusers_only(client):
    staff = User.objects.create_user(email="staff@example.org", password="x-long-password")
    staff.is_staff = True
    staff.save()
    client.force_login(staff)
    response = client.get("/admin/")
    assert (response.status_code, response["Location"]) == (302, "/admin/login/?next=/admin/")
    client.force_login(
        User.objects.create_superuser(email="root@example.org", password="x-pass-long")
    )
    assert client.get("/admin/").status_code == 200
