"""Program tier: programs declaring CustomizedVoices run under pulumi.runtime mocks."""
