"""What the Department tells everyone: the pages Giới thiệu, Hướng dẫn, Liên hệ and announcements
(news, trade-promotion events, market notices), written in Markdown by officers."""
