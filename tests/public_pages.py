"""One URL of each kind of public page, on the seed catalogue: what the quality checks visit."""

SHOW = "/episodes/the-information-bottleneck"

PUBLIC_PAGES = {
    "home": "/",
    "home, filtered": "/?topic=world-models&year=2026",
    "home, bad filter": "/?date_from=2024-13-45",
    "home, nothing found": "/?year=1999",
    "episode": f"{SHOW}/the-principles-of-diffusion-models/",
    "episode, over an hour": f"{SHOW}/inside-xai-and-the-bet-on-ai-math/",
    "guests": "/guests/",
    "guest": "/guests/jesse-lai/",
    "topics": "/topics/",
    "topic": "/topics/world-models/",
    "about": "/about/",
}
