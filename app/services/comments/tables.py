"""A comments page as one Table: the single source of its CSV, its Excel sheet and its API twin."""

from __future__ import annotations

from app.analytics.identifiers import TableId
from app.analytics.tables import Column, Hidden, Table
from app.services.comments.reading import CommentsView


def comments_table(view: CommentsView) -> Table:
    """List the published comments by group and topic; a withheld topic is one row that says why."""
    several = len(view.groups) > 1 or any(not g.unit.startswith("e:") for g in view.groups)
    columns = [Column("topic", "Dimension ou thème"), Column("text", "Commentaire")]
    if several:
        columns.insert(0, Column("group", "Groupe"))
    table = Table(TableId.COMMENTS, "Commentaires", columns, caption=f"Commentaires libres, {view.label}")
    for group in view.groups:
        for topic in group.topics:
            if topic.withheld:
                table.rows.append({"group": group.title, "topic": topic.title, "text": Hidden(topic.withheld)})
                continue
            for comment in topic.comments:
                if comment.moderation is None:  # a hidden comment is in no file, whoever downloads it
                    table.rows.append({"group": group.title, "topic": topic.title, "text": comment.text})
    return table
