"""Plain-language captions for every stage (a title and two short lines a lecturer can read aloud) and what
the caption box and the subtitles show at any moment."""

from __future__ import annotations

from collections.abc import Callable

from exoviz import experiment_text
from exoviz.i18n import N_, _
from exoviz.modes import CELLS, CellSpec
from exoviz.readouts import sim_clock
from exoviz.sim.machinery_view import Machine
from exoviz.sim.stages import STAGE_NAMES, Stage
from exoviz.viewstate import HudState

# stage -> (title, two-line explanation)
CAPTIONS: dict[int, tuple[str, str]] = {
    Stage.BUDDING: (N_("Budding"), N_("A vesicle swells out of the trans-Golgi face, loaded with cargo;\n"
                    "its lumen-facing leaflet carries integral membrane proteins.")),
    Stage.TRANSPORT: (N_("Transport"), N_("Pinched off, it rides a microtubule on kinesin (~1 µm/s);\n"
                      "myosin V takes it through the actin cortex (~0.3 µm/s).")),
    Stage.DOCKED: (N_("Docking"), N_("Tethers (Rab proteins and their partners) catch the vesicle near the membrane;\n"
                   "then Munc18-1, holding syntaxin-1, docks it there. No SNARE complex has formed yet.")),
    Stage.PORE: (N_("Narrow fusion pore"), N_("A pore 1–3 nm wide opens: the lumen joins the extracellular fluid.\n"
                 "Small molecules slip out; proteins are too big until the pore widens.")),
    Stage.RELEASE: (N_("Release"), N_("The pore widens and the protein cargo streams out into the\n"
                    "extracellular fluid, where it diffuses away (secretion).")),
    Stage.COLLAPSE: (N_("Full collapse"), N_("The Omega-shaped vesicle flattens into the plasma membrane:\n"
                     "its membrane becomes plasma membrane, which grows by 4πr².")),
    Stage.FREE: (N_("Proteins on the surface"),
                 N_("The membrane does not flip: the vesicle's lumen became the outside.\n"
                 "So proteins that faced the lumen now face out, on the cell surface.")),
    Stage.POOL: (N_("Reserve pool"), N_("Filled synaptic vesicles wait in a cluster near the active zone,\n"
                 "ready to replace docked vesicles.")),
    Stage.KISS_RELEASE: (N_("Kiss: releasing"), N_("Transmitter, a small molecule, leaks out through the narrow pore,\n"
                         "more slowly than through a collapsing vesicle, and crosses the cleft.")),
    Stage.PORE_CLOSED: (N_("Pore closed"), N_("The pore reseals. The vesicle stays whole: no membrane was added\n"
                        "to the plasma membrane.")),
    Stage.RETREAT: (N_("Run: retreating"), N_("The intact vesicle undocks and moves back into the cytosol.")),
    Stage.REFILL: (N_("Refilling"), N_("A transporter in the vesicle membrane pumps transmitter back in;\n"
                   "the vesicle then rejoins the pool.")),
    Stage.ENDOSOME: (N_("Early endosome"), N_("A sorting organelle fed by many endocytic vesicles. Its limiting\n"
                     "membrane carries surface proteins such as MHC molecules.")),
    Stage.ILV_BUDDING: (N_("Budding inward"), N_("ESCRT proteins (and ceramide) bend the endosome's membrane into its\n"
                        "own lumen and cut off intraluminal vesicles (ILVs), 30–150 nm (most 70–100 nm).")),
    Stage.MVB: (N_("Multivesicular body"), N_("The endosome, holding tens of ILVs (~10–50, more in a larger one), has\n"
                "matured into a multivesicular body (MVB): vesicles within a vesicle.")),
    Stage.MVB_TRANSPORT: (N_("MVB to the membrane"), N_("The MVB travels toward the plasma membrane.")),
    Stage.MVB_DOCKED: (N_("MVB docked"), N_("Rab27a/b dock the MVB at the plasma membrane, ready to fuse;\n"
                       "its ILVs carry the tetraspanins CD63, CD9 and CD81, markers of exosomes.")),
    Stage.MVB_FUSION: (N_("MVB fusion"), N_("The MVB's limiting membrane merges with the plasma membrane;\n"
                       "its ILVs are released into the extracellular fluid as exosomes.")),
    Stage.TO_LYSOSOME: (N_("To a lysosome"), N_("This MVB is headed for degradation: it moves to a lysosome.")),
    Stage.DEGRADE: (N_("Lysosome fusion"), N_("The MVB fuses with a lysosome; its ILVs and cargo are digested.")),
    Stage.ILV_BUD: (N_("ILV budding"), N_("A small vesicle forms on the inside of the limiting membrane;\n"
                    "ESCRT complexes bend it inward and cut its neck.")),
    Stage.ILV_INSIDE: (N_("Intraluminal vesicle"), N_("A vesicle inside the MVB; its outer face carries proteins\n"
                       "oriented like those on the cell surface.")),
    Stage.EXOSOME: (N_("Exosome"), N_("Released ILVs drift away as exosomes (30–150 nm) with CD63 and MHC class II\n"
                    "carrying peptide, which helps present antigen to other immune cells.")),
    Stage.LYSOSOME_IDLE: (N_("Lysosome"), N_("An acidic, enzyme-filled organelle that digests what it receives.")),
    Stage.CHYLO_INSIDE: (N_("Chylomicron"), N_("A droplet of fat wrapped in phospholipid and apoB-48, made in the ER\n"
                         "and Golgi, carried in a secretory vesicle to the basolateral membrane.")),
    Stage.CHYLO_OUT: (N_("Chylomicron out"), N_("Too big for blood capillaries, chylomicrons drift through the\n"
                      "interstitium into a lacteal and travel in the lymph.")),
    Stage.PIT: (N_("Clathrin-coated pit"), N_("Clathrin assembles a coat on the cytosolic face and bends the plasma\n"
                "membrane inward into a pit 100–150 nm across, its inside open to the outside.")),
    Stage.PIT_NECK: (N_("Dynamin pinches"), N_("Dynamin wraps the pit's neck and tightens until the membrane splits:\n"
                     "the vesicle pinches off, and the plasma membrane loses its 4πr².")),
    Stage.COATED: (N_("Coated vesicle"), N_("The new vesicle sheds its clathrin coat within seconds and moves inward.\n"
                   "It holds extracellular fluid; its membrane came from the cell surface.")),
    Stage.ENDOCYTIC: (N_("To an early endosome"),
                      N_("The uncoated vesicle fuses with an early endosome, which sorts what\n"
                      "came in: some membrane goes back to the surface, some on toward lysosomes.")),
    Stage.RECYCLING: (N_("Recycling"), N_("A vesicle carries membrane back to the cell surface. Exocytosis gives back\n"
                      "what endocytosis took: when it fuses, the plasma membrane regains 4πr².")),
    Stage.RETURN_FUSE: (N_("Fusing back"),
                        N_("Its membrane merges with the plasma membrane again and flattens into it:\n"
                        "the ledger adds its area back (a lysosome brings LAMP-1 to the surface).")),
    Stage.SORTING: (N_("Early endosome"),
                    N_("A sorting station for endocytosed membrane and fluid: vesicles fuse with\n"
                    "it, and recycling vesicles leave it for the surface.")),
    Stage.TO_WOUND: (N_("Lysosome to the wound"),
                     N_("Ca²⁺ flooding in through the hole triggers lysosomes nearby to fuse\n"
                     "with the plasma membrane: their membrane patches the hole.")),
    Stage.UF_PIT: (N_("Ultrafast endocytosis"),
                   N_("50–100 ms after a vesicle fully fused, a fold beside the active zone takes back\n"
                   "an equal amount of membrane, to an endosome; vesicles re-form there by clathrin.")),
}


# the fusion machinery's states within Stage.DOCKED at a regulated release site (exoviz.sim.machinery); a docked
# vesicle's (Machine.DOCKED) is its stage's
MACHINE_CAPTIONS: dict[int, tuple[str, str]] = {
    Machine.TETHERED: (N_("Tethered"), N_("Rab GTPases and tethering proteins hold the vesicle loosely near the "
                       "membrane;\nits SNARE proteins have not met their partners yet.")),
    Machine.PRIMED: (N_("Primed"), N_("Munc13 opens syntaxin-1 (this needs ATP): synaptobrevin zippers halfway with "
                     "syntaxin-1\nand SNAP-25 into ~3 trans-SNARE complexes, clamped by complexin until Ca²⁺ comes.")),
    Machine.CA_BOUND: (N_("Ca²⁺ trigger"), N_("Ca²⁺ binds synaptotagmin-1 (5 sites), which grips the membrane; the "
                       "clamp lets go,\nthe SNAREs zipper fully toward the membranes and pull them together.")),
}


def all_captions(tr: Callable[[str], str] = _) -> list[tuple[str, str]]:
    """Every (title, text) a caption can show, in the current language (or through tr: another's, built ahead):
    the general ones and every cell's own (for layout)."""
    pairs = (list(CAPTIONS.values()) + list(MACHINE_CAPTIONS.values())
             + [(t, x) for c in CELLS.values() for _s, t, x in (*c.captions, *c.machine_captions)])
    return [(tr(t), tr(x)) for t, x in pairs]


def caption(stage: int, cell: CellSpec | None = None, machine: int = 0) -> tuple[str, str]:
    """(title, explanation) for a stage in the current language, the cell's own where it has one; unknown stages
    get their code. machine: the fusion machinery's state (Machine) within a docked stage: tethered, primed and
    Ca²⁺-bound have their own captions (the cell's, else the general one)."""
    if machine in MACHINE_CAPTIONS:
        own = next(((t, x) for m, t, x in (cell.machine_captions if cell else ()) if m == int(machine)), None)
        title, text = own or MACHINE_CAPTIONS[machine]
        return _(title), _(text)
    own = next(((t, x) for s, t, x in (cell.captions if cell else ()) if s == int(stage)), None)
    title, text = own or CAPTIONS.get(int(stage), (_("stage {n}").format(n=int(stage)), ""))
    return _(title), _(text)


def focus_slot(world, state: HudState) -> int:
    """Slot of the body the caption is about: the followed one, else the highlighted one (the session's
    spotlight, or the model's featured body when there is none); -1 if none (or its merged spot is held)."""
    if state.follow_uid >= 0:
        uid = state.follow_uid
    else:
        uid = state.spotlight.uid if state.spotlight is not None else world.featured()
    return world.ves.index_of_uid(uid) if uid >= 0 else -1


def _held(world, state: HudState) -> tuple[str, str, str] | None:
    """The caption on the spot where the highlighted body merged, while its patch spreads."""
    spot = state.spotlight
    if state.follow_uid >= 0 or spot is None or spot.site is None:
        return None
    title, text = caption(spot.site_stage, world.params.cell_spec)
    return title, text, _("Highlighted #{uid}").format(uid=spot.site_uid) + ": " + _("merged into the plasma membrane")


def caption_parts(world, state: HudState, focus: int | None = None) -> tuple[str, str, str] | None:
    """(title, explanation, detail line) of what the caption shows now: the walk-through stop, a script's
    override, or the followed / highlighted body's stage; the title ends with the experiments applied (so
    captions and subtitles say them). Subtitles use the first two parts."""
    parts = _parts(world, state, focus)
    applied = experiment_text.tag(world.params)
    if parts is None or not applied:
        return parts
    return (f"{parts[0]} · {applied}", *parts[1:])


def _parts(world, state: HudState, focus: int | None = None) -> tuple[str, str, str] | None:
    if state.walk:
        title, text = state.walk
        return _(title), _(text), ""
    if state.caption_override:
        return (_(state.caption_override), "", "")
    focus = focus_slot(world, state) if focus is None else focus
    if focus < 0:
        return _held(world, state)
    v = world.ves
    stage = int(v.stage[focus])
    title, text = caption(stage, world.params.cell_spec, int(v.machine[focus]) if stage == Stage.DOCKED else 0)
    who = _("Followed #{uid}") if state.follow_uid >= 0 else _("Highlighted #{uid}")
    age = world.t - v.born[focus]
    cargo = _(" · cargo dots: {n}").format(n=int(v.cargo[focus])) if world.ledger.cargo_loaded else ""  # "1 dots"
    detail = (who.format(uid=int(v.uid[focus])) + f": {_(STAGE_NAMES.get(stage, '?'))} · ⌀ {2 * v.r_full[focus]:.0f} nm"
              + cargo + _(" · age {age}").format(age=sim_clock(age)))
    return (title, text, detail)


def subtitle(world, state: HudState) -> str:
    """The caption a viewer reads now, as one line of subtitle text in the current language ('' when none)."""
    parts = caption_parts(world, state)
    if parts is None:
        return ""
    title, text, _detail = parts
    return f"{title}: {' '.join(text.split())}" if text else title
