"""The key presses of a full walk through the bundled bank (a healthy 35-year-old).

Each item is the keys pressed on one question, followed by Enter. The tests use
the same walk (tests/app_support.py).
"""

WALK_KEYS: list[list[str]] = [
    ["3", "5"],  # age 35
    ["3"],  # skin type III
    ["2"],  # no quiz
    ["2"],  # no lasting dark marks
    ["3"],  # no acne
    ["2"],  # no infection
    ["2"],  # no cold sores
    ["4"],  # skin conditions: none
    ["2"],  # no keloid
    ["2"],  # no skin cancer
    ["2"],  # not pregnant
    ["2"],  # no bleeding disorder
    ["2"],  # no blood thinners
    ["2"],  # no isotretinoin
    ["3"],  # no diabetes
    ["2"],  # immune fine
    ["3"],  # no radiation
    ["3"],  # no allergies
    ["3"],  # no recent sun
    ["4"],  # no recent procedures
    ["2"],  # some sun
    ["1"],  # daily sunscreen
    ["3"],  # never smoked
    ["2"],  # 1-7 drinks
    ["4"],  # skincare: none
    ["1"],  # fine lines
    ["2"],  # lines when the face moves (Glogau II)
    ["3"],  # cheeks
    ["3"],  # medical clinic
    ["1"],  # plain microneedling
    ["2"],  # no metal in the area
    ["2"],  # no PRP
    ["2"],  # first time
    [],  # start date: the default (today)
]
