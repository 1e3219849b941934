import factory
from allauth.account.models import EmailAddress

from accounts.models import Address, User

PASSWORD = "Sterling-silver-ring-42"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"customer{n}@example.com")
    full_name = factory.Faker("name")
    password = factory.django.Password(PASSWORD)


class VerifiedUserFactory(UserFactory):
    """A customer who signed up and followed the verification link."""

    @factory.post_generation
    def verified_email(self, create, extracted, **kwargs):
        if create:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


class AddressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Address

    user = factory.SubFactory(VerifiedUserFactory)
    name = factory.Faker("name")
    street = factory.Sequence(lambda n: f"Knez Mihailova {n + 1}")
    city = "Beograd"
    postal_code = "11000"
    phone = "+381641234567"
